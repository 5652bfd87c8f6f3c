import Hummingbird
import RegoSyntax
import RegoValue

/// An error answered in OPA's shape: `{"code", "message", "errors": [{"code", "message", "location"}]}`.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var errors: [RegoError] = []

    static func invalidParameter(_ message: String, _ errors: [RegoError] = []) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: message, errors: errors)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "resource_not_found", message: message)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "invalid_parameter", message: "request body is larger than the limit of \(limit) bytes (limits.max_body_bytes)")
    }

    static func evaluation(_ error: RegoError) -> APIError {
        APIError(status: .internalServerError, code: "internal_error", message: "error(s) occurred while evaluating query", errors: [error])
    }

    var body: Value {
        var pairs: [(String, Value)] = [("code", .string(code)), ("message", .string(message))]
        if !errors.isEmpty {
            pairs.append(("errors", .array(errors.map(APIError.json))))
        }
        return .object(RegoObject(pairs))
    }

    static func json(_ e: RegoError) -> Value {
        var pairs: [(String, Value)] = [("code", .string(e.code)), ("message", .string(e.message))]
        if let l = e.location {
            pairs.append(("location", .object(RegoObject([("file", .string(l.file)), ("row", .int(l.line)), ("col", .int(l.column))]))))
        }
        return .object(RegoObject(pairs))
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status, pretty: request.uri.queryParameters.get("pretty") == "true")
    }
}

/// JSON responses written in one buffer.
enum JSONResponse {
    static func make(_ value: Value, status: HTTPResponse.Status = .ok, pretty: Bool = false) -> Response {
        var writer = JSONWriter(indent: pretty ? 2 : 0)
        writer.write(value)
        writer.append(raw: "\n")
        return raw(writer.bytes, status: status, contentType: "application/json")
    }

    static func raw(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        return Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: buffer))
    }
}
