import DataStore
import RegoValue

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

    /// The query for the chunks that may hold matching records: those starting in `run` (all when
    /// nil) and below `before` (paging newest first), holding the filter's subject's hash if it has
    /// one, in sequence order, newest first or oldest first. Its columns are the chunk's `first_seq`,
    /// `last_seq` and `frames`.
    ///
    /// For a subject the walk goes through `decision_log_chunk_subjects`, a row per chunk (`CROSS
    /// JOIN` keeps it the outer table), and reads a chunk only where the row's hashes hold the
    /// subject's: `instr` over the bytes may also match across two hashes, which, like two subjects
    /// sharing a hash, costs a chunk read, since `FrameMatcher` compares the subjects themselves.
    func chunkQuery(before sequence: Int64?, within run: ClosedRange<Int64>?, newestFirst: Bool) -> (sql: String, parameters: [SQLiteParameter]) {
        var conditions: [String] = []
        var parameters: [SQLiteParameter] = []
        let select: String
        let sequenceColumn: String
        if let subject {
            select = """
                SELECT c.first_seq, c.last_seq, c.frames FROM decision_log_chunk_subjects AS s
                CROSS JOIN decision_log_chunk AS c ON c.first_seq = s.first_seq
                """
            sequenceColumn = "s.first_seq"
            // A blob literal of the hash's four bytes as stored (little-endian), not a parameter:
            // `SQLiteParameter` has no blob, and the literal is hex digits only.
            let hash = DecisionStore.subjectHash(subject).littleEndian
            let hex = withUnsafeBytes(of: hash) { Hex.string($0) }
            conditions.append("instr(s.hashes, x'\(hex)') > 0")
        } else {
            select = DecisionStore.selectChunks
            sequenceColumn = "first_seq"
        }
        if let before = sequence { conditions.append("\(sequenceColumn) < ?"); parameters.append(.int(before)) }
        if let run {
            conditions.append("\(sequenceColumn) BETWEEN ? AND ?")
            parameters += [.int(run.lowerBound), .int(run.upperBound)]
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return ("\(select) \(clause) ORDER BY \(sequenceColumn) \(newestFirst ? "DESC" : "ASC")", parameters)
    }
}

/// A filter made ready to test the records of the chunks a query reads: its texts as bytes, once.
struct FrameMatcher {
    let filter: DecisionFilter
    /// The exact path, or the prefix before a trailing `*`.
    private let path: [UInt8]?
    private let pathIsPrefix: Bool
    private let subject: [UInt8]?
    private let id: [UInt8]?

    init(_ filter: DecisionFilter) {
        self.filter = filter
        let prefix = filter.path?.hasSuffix("*") ?? false
        pathIsPrefix = prefix
        path = filter.path.map { Array(prefix ? $0.utf8.dropLast() : $0.utf8[...]) }
        subject = filter.subject.map { Array($0.utf8) }
        id = filter.id.map { Array($0.utf8) }
    }

    /// Whether the record framed by `frame` in `buffer` matches the filter (all but its limit).
    func matches(_ frame: JournalFrame.View, in buffer: UnsafeRawBufferPointer) -> Bool {
        if let since = filter.since, frame.timestamp < since { return false }
        if let until = filter.until, frame.timestamp > until { return false }
        if let allowed = filter.allowed, frame.allowed != allowed { return false }
        if let path, !Self.bytes(frame.bytes(.path, in: buffer), equal: path, orStartWith: pathIsPrefix) { return false }
        if let subject, !Self.bytes(frame.bytes(.subject, in: buffer), equal: subject, orStartWith: false) { return false }
        if let id, !Self.bytes(frame.bytes(.decisionID, in: buffer), equal: id, orStartWith: false) { return false }
        return true
    }

    private static func bytes(_ field: UnsafeRawBufferPointer?, equal wanted: [UInt8], orStartWith prefix: Bool) -> Bool {
        guard let field, prefix ? field.count >= wanted.count : field.count == wanted.count else { return false }
        return wanted.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: field[..<wanted.count]).sameBytes(as: $0) }
    }
}
