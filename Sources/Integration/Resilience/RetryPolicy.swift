/// When and how long to wait before trying an upstream call again: exponential backoff with
/// jitter, and only for idempotent methods unless configured otherwise.
public struct RetryPolicy: Sendable, Equatable {
    /// Further attempts after the first (0: no retry).
    public var retries = 2
    /// The first backoff; each retry doubles it.
    public var initialBackoffNanoseconds: UInt64 = 100_000_000
    /// The longest backoff.
    public var maxBackoffNanoseconds: UInt64 = 2_000_000_000
    /// Retry POST and PATCH too (only safe when the upstream deduplicates).
    public var retryNonIdempotent = false

    public init() {}

    /// Methods that may be repeated without changing the outcome (RFC 9110 §9.2.2).
    public static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]

    /// Whether a call with `method` may be retried at all.
    public func allowsRetry(method: String) -> Bool {
        retries > 0 && (retryNonIdempotent || RetryPolicy.idempotentMethods.contains(method))
    }

    /// Whether an upstream status is worth another attempt (the upstream is overloaded or restarting).
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 502 || status == 503 || status == 504
    }

    /// The wait before retry number `attempt` (1-based): the capped exponential delay, scaled by a
    /// jitter factor in [0.5, 1) so that clients retrying together spread out.
    public func backoff(attempt: Int, jitter: Double) -> UInt64 {
        let exponent = min(max(attempt - 1, 0), 32)
        let base = Double(initialBackoffNanoseconds) * Double(UInt64(1) << UInt64(exponent))
        let capped = min(base, Double(maxBackoffNanoseconds))
        return UInt64(capped * (0.5 + 0.5 * min(max(jitter, 0), 1)))
    }
}
