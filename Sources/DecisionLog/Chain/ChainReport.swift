/// The outcome of walking the hash chain: how many records were checked and, when the chain is
/// broken, the first record found wrong.
public struct ChainReport: Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with a record.
    public enum Problem: String, Sendable, Equatable {
        /// Its stored JSON (or a filter column) no longer matches its hash.
        case altered
        /// It does not chain from the record before it: a record before it was removed.
        case removed
        /// It does not chain from the record before it, but from a record stored later: reordered.
        case reordered
        /// The newest records are missing (the head anchor names a record no longer there).
        case truncated
    }

    /// The first bad record.
    public struct Failure: Sendable, Equatable {
        /// What is wrong.
        public var problem: Problem
        /// Its 1-based position in the remaining chain, in insertion order.
        public var position: Int
        /// Its decision id (for `truncated`, the id of the last record still present, or "").
        public var decisionID: String
        /// Details: which hash or column differed.
        public var detail: String
    }

    /// Records checked.
    public var count: Int
    /// The first failure; nil when the chain is intact.
    public var failure: Failure?

    /// Whether every record verified.
    public var isIntact: Bool { failure == nil }

    /// One line for people: `OK: 1000 records verified` or what is wrong, where, and what to do.
    public var description: String {
        guard let failure else { return "OK: \(count) record\(count == 1 ? "" : "s") verified" }
        let what: String
        switch failure.problem {
        case .altered: what = "was altered"
        case .removed: what = "does not follow the record before it: a record was removed"
        case .reordered: what = "is out of order: records were reordered"
        case .truncated: what = "is followed by nothing, but newer records were written: records were removed from the end"
        }
        return "BROKEN: record \(failure.position) (decision \(failure.decisionID)) \(what) (\(failure.detail)); restore the log from a backup and investigate who had write access to the state file"
    }
}
