import DecisionLog
import Synchronization

/// Request counts and latencies by endpoint and status, evaluation time, policy reloads:
/// rendered in Prometheus' text format at `GET /metrics`.
public final class SidecarMetrics: Sendable {
    /// Histogram bucket upper bounds in seconds.
    static let buckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    struct Histogram {
        var counts = [Int](repeating: 0, count: SidecarMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            for (i, bound) in SidecarMetrics.buckets.enumerated() where seconds <= bound { counts[i] += 1 }
            sum += seconds
            count += 1
        }
    }

    /// What requests are counted by.
    struct RequestKey: Hashable, Comparable {
        var endpoint: String
        var status: Int

        static func < (a: RequestKey, b: RequestKey) -> Bool {
            a.endpoint != b.endpoint ? a.endpoint < b.endpoint : a.status < b.status
        }
    }

    struct Store {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]      // endpoint
        var evaluation = Histogram()
        var reloads = 0
        var reloadFailures = 0
        var decisionLogDropped = 0
    }

    private let store = Mutex(Store())

    public init() {}

    func recordRequest(endpoint: String, status: Int, seconds: Double) {
        store.withLock { s in
            s.requests[RequestKey(endpoint: endpoint, status: status), default: 0] += 1
            s.latency[endpoint, default: Histogram()].observe(seconds)
        }
    }

    func recordEvaluation(seconds: Double) {
        store.withLock { $0.evaluation.observe(seconds) }
    }

    func recordDroppedDecision() {
        store.withLock { $0.decisionLogDropped += 1 }
    }

    func recordReload(success: Bool) {
        store.withLock { s in
            s.reloads += 1
            if !success { s.reloadFailures += 1 }
        }
    }

    /// The Prometheus exposition text.
    public func render(policyErrors: Int, decisionLog: DecisionLog.Statistics? = nil) -> String {
        let s = store.withLock { $0 }
        var out = ""
        out += "# HELP tollgate_http_requests_total HTTP requests by endpoint and status code.\n"
        out += "# TYPE tollgate_http_requests_total counter\n"
        for key in s.requests.keys.sorted() {
            out += "tollgate_http_requests_total{endpoint=\"\(key.endpoint)\",code=\"\(key.status)\"} \(s.requests[key] ?? 0)\n"
        }
        out += "# HELP tollgate_http_request_duration_seconds HTTP request latency by endpoint.\n"
        out += "# TYPE tollgate_http_request_duration_seconds histogram\n"
        for endpoint in s.latency.keys.sorted() {
            guard let h = s.latency[endpoint] else { continue }
            out += histogram("tollgate_http_request_duration_seconds", h, labels: "endpoint=\"\(endpoint)\",")
        }
        out += "# HELP tollgate_evaluation_duration_seconds Policy evaluation time.\n"
        out += "# TYPE tollgate_evaluation_duration_seconds histogram\n"
        out += histogram("tollgate_evaluation_duration_seconds", s.evaluation, labels: "")
        out += scalar("tollgate_policy_reloads_total", "counter", "Policy set reloads attempted.", s.reloads)
        out += scalar("tollgate_policy_reload_failures_total", "counter", "Reloads refused because the policies did not compile.", s.reloadFailures)
        out += scalar("tollgate_policy_errors", "gauge", "Errors in the newest policy files (0 when they compile).", policyErrors)
        out += scalar("tollgate_decision_log_dropped_total", "counter", "Decision records dropped because the asynchronous buffer was full.", s.decisionLogDropped)
        if let decisionLog {
            out += scalar("tollgate_decision_log_records_total", "counter", "Decision records written to the journal.", decisionLog.written)
            out += scalar("tollgate_decision_log_indexed_total", "counter", "Decision records indexed into the queryable tables.", decisionLog.indexed)
            out += scalar("tollgate_decision_log_commits_total", "counter", "Indexing transactions (records per transaction = indexed / commits).", decisionLog.transactions)
            out += scalar("tollgate_decision_log_failures_total", "counter", "Decision records that could not be written.", decisionLog.failed)
            out += scalar("tollgate_decision_log_index_failures_total", "counter", "Indexing passes that failed (their records stay in the journal).", decisionLog.indexFailures)
        }
        return out
    }

    /// One counter or gauge with its HELP and TYPE lines.
    private func scalar(_ name: String, _ type: String, _ help: String, _ value: Int) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
    }

    private func histogram(_ name: String, _ h: Histogram, labels: String) -> String {
        var out = ""
        for (i, bound) in SidecarMetrics.buckets.enumerated() {
            out += "\(name)_bucket{\(labels)le=\"\(bound)\"} \(h.counts[i])\n"
        }
        out += "\(name)_bucket{\(labels)le=\"+Inf\"} \(h.count)\n"
        let plain = labels.isEmpty ? "" : "{\(labels.dropLast())}"
        out += "\(name)_sum\(plain) \(h.sum)\n"
        out += "\(name)_count\(plain) \(h.count)\n"
        return out
    }
}
