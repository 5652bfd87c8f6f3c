/// A circuit breaker for one upstream target, as a state machine without I/O: the caller asks
/// `admit(now:)` before a call and reports the call's outcome with `record(success:now:)`.
///
/// Closed: calls pass; `failureThreshold` consecutive failures open it. Open: calls are refused
/// for `openNanoseconds`. Then half-open: one trial call passes; its success closes the breaker,
/// its failure opens it again.
public struct CircuitBreaker: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        /// Consecutive failures that open the breaker (0: never opens).
        public var failureThreshold = 5
        /// How long an open breaker refuses calls.
        public var openNanoseconds: UInt64 = 30_000_000_000
        public init() {}
    }

    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: UInt64)
        case halfOpen(trialInFlight: Bool)
    }

    /// What the caller may do now.
    public enum Admission: Sendable, Equatable {
        case proceed
        /// Refused; the breaker admits a trial call after `retryAfterNanoseconds`.
        case reject(retryAfterNanoseconds: UInt64)
    }

    public let settings: Settings
    public private(set) var state: State = .closed(consecutiveFailures: 0)

    public init(settings: Settings) { self.settings = settings }

    /// Whether a call may go to the upstream at monotonic time `now` (nanoseconds).
    public mutating func admit(now: UInt64) -> Admission {
        switch state {
        case .closed:
            return .proceed
        case .open(let until):
            guard now >= until else { return .reject(retryAfterNanoseconds: until - now) }
            state = .halfOpen(trialInFlight: true)
            return .proceed
        case .halfOpen(let trialInFlight):
            // One trial at a time: the others wait for its verdict.
            if trialInFlight { return .reject(retryAfterNanoseconds: 0) }
            state = .halfOpen(trialInFlight: true)
            return .proceed
        }
    }

    /// Reports an admitted call's outcome (a failure is no answer, a timeout, or a 5xx).
    public mutating func record(success: Bool, now: UInt64) {
        switch state {
        case .closed(let failures):
            if success {
                state = .closed(consecutiveFailures: 0)
            } else if settings.failureThreshold > 0 && failures + 1 >= settings.failureThreshold {
                state = .open(until: now + settings.openNanoseconds)
            } else {
                state = .closed(consecutiveFailures: failures + 1)
            }
        case .halfOpen:
            state = success ? .closed(consecutiveFailures: 0) : .open(until: now + settings.openNanoseconds)
        case .open:
            // A call admitted before the breaker opened finished late; the open period stands.
            break
        }
    }
}
