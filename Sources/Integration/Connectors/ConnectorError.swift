import RegoValue

/// A connector step that did not complete. The pipeline answers with `status` and OPA's error
/// shape (`code`, `message`) and records `code` as the decision's outcome; nothing the step began
/// stays written.
public struct ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The transform's output does not fit the operation (a missing `:name` field, a wrong shape): 422.
        case badInput
        /// The database refused the change (UNIQUE, NOT NULL, CHECK, FOREIGN KEY): 409.
        case conflict
        /// The database or the connector itself failed: 500.
        case failed
        /// The upstream could not be reached (refused, reset, DNS): 502.
        case unreachable
        /// The upstream did not answer within the timeout: 504.
        case timeout
        /// The target's circuit breaker is open; the upstream was not called: 503.
        case breakerOpen
    }

    public var kind: Kind
    /// `orders-db.insert`.
    public var step: String
    public var message: String

    public init(_ kind: Kind, step: String, _ message: String) {
        self.kind = kind
        self.step = step
        self.message = message
    }

    /// The HTTP status the pipeline answers with.
    public var status: Int {
        switch kind {
        case .badInput: 422
        case .conflict: 409
        case .failed: 500
        case .unreachable: 502
        case .timeout: 504
        case .breakerOpen: 503
        }
    }

    /// A stable code for clients, tests and the decision log.
    public var code: String {
        switch kind {
        case .badInput: "connector_bad_input"
        case .conflict: "connector_conflict"
        case .failed: "connector_failed"
        case .unreachable: "upstream_unreachable"
        case .timeout: "upstream_timeout"
        case .breakerOpen: "upstream_breaker_open"
        }
    }

    public var description: String { "\(step): \(message)" }
}

/// What a connector operation produced.
public enum ConnectorOutput: Sendable, Equatable {
    /// A document for the response: rows, `{"changes": n}`, `{"last_id": n}`, or an upstream's decoded body.
    case value(Value)
    /// An upstream's non-2xx answer, passed through to the caller as it came.
    case passthrough(status: Int, contentType: String?, body: [UInt8])
}
