import Hummingbird
import RegoValue

/// Requires `Authorization: Bearer <admin_token>` on the endpoints that change state (data and
/// policy writes) when an admin token is configured.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = SidecarRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token, AdminTokenMiddleware.isWrite(request) else { return try await next(request, context) }
        guard Self.presents(token, request) else {
            throw APIError(status: .unauthorized, code: "unauthorized",
                           message: "this endpoint changes state: send the admin token as 'Authorization: Bearer <token>'")
        }
        return try await next(request, context)
    }

    /// Whether `request` carries `Authorization: Bearer <token>`, compared in constant time.
    static func presents(_ token: String, _ request: Request) -> Bool {
        guard let header = request.headers[.authorization] else { return false }
        return ConstantTime.equal(header, "Bearer " + token)
    }

    static func isWrite(_ request: Request) -> Bool {
        let path = request.uri.path
        let writes: Set<HTTPRequest.Method> = [.put, .patch, .delete]
        return writes.contains(request.method) && (path.hasPrefix("/v1/data") || path.hasPrefix("/v1/policies"))
    }
}
