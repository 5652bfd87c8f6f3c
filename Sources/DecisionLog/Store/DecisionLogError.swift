/// Why a decision-log operation failed: a stable `code` (the HTTP layer maps `bad_filter` to 400)
/// and a message saying what is wrong, where, and how to fix it.
public enum DecisionLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A filter or command parameter has a value of the wrong form.
    case badParameter(name: String, value: String, expected: String)
    /// A mask rule (from `data.system.log.mask`) is not a pointer string or an op object.
    case badMaskRule(index: Int, reason: String)
    /// A stored record's JSON could not be read back.
    case corruptRecord(id: String, reason: String)
    /// SQLite failed; the message names the file and the statement.
    case storage(message: String)
    /// The log was closed before the record could be written.
    case closed

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .badParameter: "bad_filter"
        case .badMaskRule: "bad_mask_rule"
        case .corruptRecord: "corrupt_record"
        case .storage: "storage_error"
        case .closed: "decision_log_closed"
        }
    }

    /// What is wrong, where, and how to fix it.
    public var message: String {
        switch self {
        case .badParameter(let name, let value, let expected):
            "bad value \"\(value)\" for parameter \(name): expected \(expected)"
        case .badMaskRule(let index, let reason):
            "mask rule \(index) in data.system.log.mask is invalid: \(reason); write a JSON pointer such as \"/input/password\" or {\"op\": \"upsert\", \"path\": \"/input/password\", \"value\": \"***\"}"
        case .corruptRecord(let id, let reason):
            "decision record \(id) cannot be read: \(reason); run `tollgate decisions verify` to check the log"
        case .storage(let message):
            "decision log storage error: \(message)"
        case .closed:
            "the decision log is closed; records can no longer be written (restart the sidecar)"
        }
    }

    /// Same as `message`.
    public var description: String { message }
}
