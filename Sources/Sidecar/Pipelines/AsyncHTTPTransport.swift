import AsyncHTTPClient
import Integration
import NIOCore
import NIOHTTP1

/// The HTTP connector's transport: AsyncHTTPClient's pooled connections (HTTP/1.1 and HTTP/2,
/// TLS for https), redirects not followed so that the upstream's answer passes through as given.
struct AsyncHTTPTransport: HTTPTransport {
    let client: HTTPClient
    /// Largest upstream answer read (the same limit as request bodies).
    let maxBodyBytes: Int

    /// A client for the sidecar's lifetime; `shutdown()` must be awaited before exit.
    static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func send(_ request: UpstreamRequest, timeoutNanoseconds: UInt64) async throws(UpstreamFailure) -> UpstreamResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(clamping: timeoutNanoseconds))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: maxBodyBytes)
            return UpstreamResponse(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                                    body: Array(body.readableBytesView))
        } catch let error as HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout || error == .writeTimeout {
                throw .timeout
            }
            throw .unreachable(String(describing: error))
        } catch is NIOTooManyBytesError {
            throw .unreachable("the answer is larger than \(maxBodyBytes) bytes (limits.max_body_bytes)")
        } catch {
            throw .unreachable(String(describing: error))
        }
    }
}
