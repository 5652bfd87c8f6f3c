/// Writes records in ArcSight's Common Event Format for SIEMs, one event per line:
/// `CEF:0|Tollgate|Tollgate|<version>|decision|<path>|<severity>|rt=… suser=… outcome=… cs1Label=decision_id cs1=…`
public struct CEFExporter: Sendable {
    /// The product version written in every header.
    public var version: String

    /// An exporter stamping `version` in the header.
    public init(version: String) { self.version = version }

    /// Severity by outcome: allowed 3, denied 5, undefined 6, evaluation error 8.
    public static func severity(_ record: DecisionRecord) -> Int {
        if record.errorCode != nil { return 8 }
        switch record.allowed {
        case true?: return 3
        case false?: return 5
        case nil: return 6
        }
    }

    /// One record's event line, newline included.
    public func line(_ record: DecisionRecord) -> String {
        let header = ["CEF:0", "Tollgate", "Tollgate", Self.escapeHeader(version), "decision",
                      Self.escapeHeader(record.path), String(Self.severity(record))]
        let outcome = switch record.allowed {
        case true?: "allowed"
        case false?: "denied"
        case nil: "undefined"
        }
        var fields: [(String, String)] = [("rt", String(record.timestamp / 1_000_000))]
        if let subject = record.subject { fields.append(("suser", subject)) }
        fields.append(("outcome", outcome))
        fields.append(("cs1Label", "decision_id"))
        fields.append(("cs1", record.decisionID))
        if let hash = record.policyHash {
            fields.append(("cs2Label", "policy_hash"))
            fields.append(("cs2", hash))
        }
        if !record.reasons.isEmpty {
            fields.append(("cs3Label", "reasons"))
            fields.append(("cs3", record.reasons.joined(separator: "; ")))
        }
        if !record.requestedBy.isEmpty {
            fields.append(("cs4Label", "requested_by"))
            fields.append(("cs4", record.requestedBy))
        }
        if let error = record.errorCode {
            fields.append(("cs5Label", "error_code"))
            fields.append(("cs5", error))
        }
        if let revision = record.policyRevision {
            fields.append(("cs6Label", "policy_revision"))
            fields.append(("cs6", revision))
        }
        let extensions = fields.map { $0.0 + "=" + Self.escapeExtension($0.1) }.joined(separator: " ")
        return header.joined(separator: "|") + "|" + extensions + "\n"
    }

    /// Every record matching `filter`, oldest first, handed to `write` line by line.
    public func export(from store: DecisionStore, filter: DecisionFilter = DecisionFilter(), write: (String) throws -> Void) throws {
        try store.forEach(filter) { try write(line($0)) }
    }

    /// Header fields escape `\` and `|`; line breaks become spaces (a header is one line).
    static func escapeHeader(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// Extension values escape `\` and `=`, and write line breaks as `\n` / `\r`.
    static func escapeExtension(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "=": out += "\\="
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
