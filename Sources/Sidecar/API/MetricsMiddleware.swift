import Hummingbird
import RegoValue

/// Times and counts every request by endpoint and status for `/metrics`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = SidecarRequestContext
    let metrics: SidecarMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = SystemClock.monotonicSeconds()
        let endpoint = MetricsMiddleware.endpoint(request.uri.path)
        do {
            let response = try await next(request, context)
            metrics.recordRequest(endpoint: endpoint, status: Int(response.status.code), seconds: SystemClock.monotonicSeconds() - started)
            return response
        } catch let error as HTTPResponseError {
            metrics.recordRequest(endpoint: endpoint, status: Int(error.status.code), seconds: SystemClock.monotonicSeconds() - started)
            throw error
        } catch {
            metrics.recordRequest(endpoint: endpoint, status: 500, seconds: SystemClock.monotonicSeconds() - started)
            throw error
        }
    }

    /// The endpoint family of a path, so that labels stay few (`/v1/data`, `/v1/policies`, ...).
    static func endpoint(_ path: String) -> String {
        let parts = path.split(separator: "/", maxSplits: 2)
        guard let first = parts.first else { return "/" }
        if first == "v1" || first == "v0", parts.count > 1 { return "/\(first)/\(parts[1])" }
        return "/\(first)"
    }
}
