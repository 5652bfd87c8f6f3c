import HTTPTypes
import Hummingbird
import Integration
import NIOCore

extension SidecarAPI {
    /// `/v1/pipelines/{name}` and, with `pipeline_prefix`, `<prefix>/{name}`, for every method.
    func addPipelineRoutes(to router: Router<SidecarRequestContext>) {
        var paths = ["/v1/pipelines/{name}"]
        if let prefix = integration.routePrefix { paths.append(prefix + "/{name}") }
        for path in paths {
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
                router.on(RouterPath(path), method: method) { request, context in try await self.runPipeline(request, context) }
            }
        }
    }

    func runPipeline(_ request: Request, _ context: SidecarRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard let pipeline = integration.pipeline(named: name) else {
            let known = integration.pipelines.map(\.name)
            throw APIError.notFound("no pipeline named \(name)" + (known.isEmpty ? "; none is configured under pipelines: in tollgate.yaml" : "; configured: \(known.joined(separator: ", "))"))
        }
        let method = request.method.rawValue
        guard pipeline.methods.contains(method) else {
            var response = JSONResponse.make(APIError(status: .methodNotAllowed, code: "method_not_allowed",
                                                      message: "pipeline \(name) accepts \(pipeline.methods.joined(separator: ", ")), not \(method)").body,
                                             status: .methodNotAllowed)
            response.headers[.allow] = pipeline.methods.joined(separator: ", ")
            return response
        }
        guard let runner = pipelines else { throw APIError.notFound("pipelines are not configured") }
        let buffer = try await readBody(request)
        var headers: [(String, String)] = []
        for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
        var query: [(String, String)] = []
        for (key, value) in request.uri.queryParameters { query.append((String(key), String(value))) }
        let call = PipelineRunner.Call(
            pipeline: pipeline, method: method, path: request.uri.path, headers: headers, query: query,
            body: Array(buffer.readableBytesView), contentType: request.headers[.contentType], accept: request.headers[.accept],
            requestedBy: context.clientAddress)
        let answer = await runner.run(call)
        var byteBuffer = ByteBuffer()
        byteBuffer.writeBytes(answer.body)
        var response = Response(status: HTTPResponse.Status(code: answer.status), headers: [.contentType: answer.contentType],
                                body: ResponseBody(byteBuffer: byteBuffer))
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { response.headers.append(HTTPField(name: field, value: value)) }
        }
        return response
    }
}
