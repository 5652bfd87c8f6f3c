import Hummingbird

// The reference point of the server benchmark: a bare Hummingbird route that decodes a small JSON
// body and answers a constant. `bench/server_vs_bare.sh` runs it beside `tollgate run`.
//   tollgate-bare-route [port]

struct Body: Decodable {
    var input: [String: String]
}

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 18290
let router = Router()
router.post("/v1/data/rbac/allow") { request, context -> Response in
    _ = try await request.decode(as: Body.self, context: context)
    return Response(status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"result":true}"#)))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
