import DataStore

/// Which records an auditor asks for. Every field is optional; set fields are combined with AND.
///
/// ```swift
/// var filter = DecisionFilter(subject: "alice", allowed: false)
/// filter.since = try DecisionFilter.parseTime("24h", parameter: "since", now: now)
/// ```
public struct DecisionFilter: Sendable, Equatable {
    /// The default page size.
    public static let defaultLimit = 100
    /// The largest page size.
    public static let maxLimit = 1000

    /// Records at or after this time (ns since the epoch).
    public var since: Int64?
    /// Records at or before this time (ns since the epoch).
    public var until: Int64?
    /// An exact path (`httpapi/authz/allow`) or a prefix ending in `*` (`httpapi/*`).
    public var path: String?
    /// Only allowed (true) or only denied (false, not including undefined) decisions.
    public var allowed: Bool?
    /// Only this subject's decisions.
    public var subject: String?
    /// Only the record with this decision id.
    public var id: String?
    /// At most this many records per page (1…1000).
    public var limit: Int

    /// A filter; with no arguments it matches everything, 100 records per page.
    public init(
        since: Int64? = nil, until: Int64? = nil, path: String? = nil, allowed: Bool? = nil,
        subject: String? = nil, id: String? = nil, limit: Int = DecisionFilter.defaultLimit
    ) {
        self.since = since
        self.until = until
        self.path = path
        self.allowed = allowed
        self.subject = subject
        self.id = id
        self.limit = limit
    }

    /// The SQL condition on a `path` column for `path`: an exact path, or a prefix ending in `*`.
    static func pathCondition(_ path: String) -> (condition: String, parameters: [SQLiteParameter]) {
        guard path.hasSuffix("*") else { return ("path = ?", [.text(path)]) }
        // A range: every text that starts with the prefix sorts between the prefix and the prefix
        // followed by the largest code point.
        let prefix = String(path.dropLast())
        return ("path >= ? AND path < ?", [.text(prefix), .text(prefix + "\u{10FFFF}")])
    }

    /// The SQL `WHERE` conditions and their parameters (newest first paging adds `seq < ?`; reading
    /// the blocks a filter's time and path narrowed it to adds `seq BETWEEN ? AND ?`).
    func sql(before sequence: Int64?, within run: ClosedRange<Int64>? = nil) -> (clause: String, parameters: [SQLiteParameter]) {
        var conditions: [String] = []
        var parameters: [SQLiteParameter] = []
        if let since { conditions.append("ts >= ?"); parameters.append(.int(since)) }
        if let until { conditions.append("ts <= ?"); parameters.append(.int(until)) }
        if let path {
            let (condition, values) = Self.pathCondition(path)
            conditions.append(condition)
            parameters += values
        }
        if let allowed { conditions.append("allowed = ?"); parameters.append(.int(allowed ? 1 : 0)) }
        if let subject { conditions.append("subject = ?"); parameters.append(.text(subject)) }
        if let id { conditions.append("decision_id = ?"); parameters.append(.text(id)) }
        if let before = sequence { conditions.append("seq < ?"); parameters.append(.int(before)) }
        if let run {
            conditions.append("seq BETWEEN ? AND ?")
            parameters += [.int(run.lowerBound), .int(run.upperBound)]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), parameters)
    }
}
