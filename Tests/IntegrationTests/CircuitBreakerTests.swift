import Integration
import Testing

@Suite struct CircuitBreakerTests {
    func breaker(threshold: Int = 3, openFor: UInt64 = 1000) -> CircuitBreaker {
        var settings = CircuitBreaker.Settings()
        settings.failureThreshold = threshold
        settings.openNanoseconds = openFor
        return CircuitBreaker(settings: settings)
    }

    @Test func consecutiveFailuresOpenIt() {
        var b = breaker()
        for t in 0..<2 {
            #expect(b.admit(now: UInt64(t)) == .proceed)
            b.record(success: false, now: UInt64(t))
        }
        #expect(b.state == .closed(consecutiveFailures: 2))
        #expect(b.admit(now: 5) == .proceed)
        b.record(success: false, now: 5)
        #expect(b.state == .open(until: 1005))
        #expect(b.admit(now: 6) == .reject(retryAfterNanoseconds: 999))
    }

    @Test func aSuccessResetsTheCount() {
        var b = breaker()
        b.record(success: false, now: 0)
        b.record(success: false, now: 0)
        b.record(success: true, now: 0)
        b.record(success: false, now: 0)
        #expect(b.state == .closed(consecutiveFailures: 1))
    }

    @Test func halfOpenLetsOneTrialThrough() {
        var b = breaker(threshold: 1)
        b.record(success: false, now: 0)
        #expect(b.admit(now: 1000) == .proceed)
        #expect(b.state == .halfOpen(trialInFlight: true))
        #expect(b.admit(now: 1001) == .reject(retryAfterNanoseconds: 0))
        b.record(success: true, now: 1002)
        #expect(b.state == .closed(consecutiveFailures: 0))
        #expect(b.admit(now: 1003) == .proceed)
    }

    @Test func failedTrialOpensItAgain() {
        var b = breaker(threshold: 1)
        b.record(success: false, now: 0)
        _ = b.admit(now: 2000)
        b.record(success: false, now: 2001)
        #expect(b.state == .open(until: 3001))
    }

    @Test func zeroThresholdNeverOpens() {
        var b = breaker(threshold: 0)
        for _ in 0..<100 { b.record(success: false, now: 0) }
        #expect(b.admit(now: 0) == .proceed)
    }
}

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesUpToTheCapWithJitter() {
        var policy = RetryPolicy()
        policy.initialBackoffNanoseconds = 100
        policy.maxBackoffNanoseconds = 350
        #expect(policy.backoff(attempt: 1, jitter: 1) == 100)
        #expect(policy.backoff(attempt: 2, jitter: 1) == 200)
        #expect(policy.backoff(attempt: 3, jitter: 1) == 350)
        #expect(policy.backoff(attempt: 40, jitter: 1) == 350)
        #expect(policy.backoff(attempt: 2, jitter: 0) == 100)
    }

    @Test func onlyIdempotentMethodsRetryByDefault() {
        var policy = RetryPolicy()
        #expect(policy.allowsRetry(method: "GET"))
        #expect(policy.allowsRetry(method: "PUT"))
        #expect(!policy.allowsRetry(method: "POST"))
        policy.retryNonIdempotent = true
        #expect(policy.allowsRetry(method: "POST"))
        policy.retries = 0
        #expect(!policy.allowsRetry(method: "GET"))
    }

    @Test func overloadStatusesAreRetryable() {
        #expect(RetryPolicy.isRetryable(status: 503))
        #expect(RetryPolicy.isRetryable(status: 429))
        #expect(!RetryPolicy.isRetryable(status: 500))
        #expect(!RetryPolicy.isRetryable(status: 404))
    }
}
