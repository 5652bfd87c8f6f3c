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

    /// The SQL `WHERE` conditions and their parameters (newest first paging adds `seq < ?`).
    func sql(before sequence: Int64?) -> (clause: String, parameters: [SQLiteParameter]) {
        var conditions: [String] = []
        var parameters: [SQLiteParameter] = []
        if let since { conditions.append("ts >= ?"); parameters.append(.int(since)) }
        if let until { conditions.append("ts <= ?"); parameters.append(.int(until)) }
        if let path {
            if path.hasSuffix("*") {
                // A range over the path index: every text that starts with the prefix sorts between
                // the prefix and the prefix followed by the largest code point.
                let prefix = String(path.dropLast())
                conditions.append("path >= ? AND path < ?")
                parameters.append(.text(prefix))
                parameters.append(.text(prefix + "\u{10FFFF}"))
            } else {
                conditions.append("path = ?"); parameters.append(.text(path))
            }
        }
        if let allowed { conditions.append("allowed = ?"); parameters.append(.int(allowed ? 1 : 0)) }
        if let subject { conditions.append("subject = ?"); parameters.append(.text(subject)) }
        if let id { conditions.append("decision_id = ?"); parameters.append(.text(id)) }
        if let before = sequence { conditions.append("seq < ?"); parameters.append(.int(before)) }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), parameters)
    }
}
