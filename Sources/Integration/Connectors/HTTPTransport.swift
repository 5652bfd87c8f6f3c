/// One request to an upstream, as the HTTP connector built it.
public struct UpstreamRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An upstream's answer, whatever its status.
public struct UpstreamResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String? = nil, body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// Why no answer came.
public enum UpstreamFailure: Error, Sendable, Equatable {
    /// Refused, reset, unresolvable, or a broken answer.
    case unreachable(String)
    /// No complete answer within the timeout.
    case timeout
}

/// Sends one request and waits for the whole answer. The sidecar's implementation uses a pooled
/// HTTP/1.1 and HTTP/2 client; the connector adds retries and the breaker on top.
public protocol HTTPTransport: Sendable {
    func send(_ request: UpstreamRequest, timeoutNanoseconds: UInt64) async throws(UpstreamFailure) -> UpstreamResponse
}
