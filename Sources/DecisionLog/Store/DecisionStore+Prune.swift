import DataStore

extension DecisionStore {
    /// Removes, in one transaction, the oldest records up to (not including) the first one stamped at
    /// or after `cutoff` (ns since the epoch), and moves the pruned anchor to the last one removed, so
    /// the remaining chain still verifies. Returns how many records were removed.
    ///
    /// Only a prefix of the chain is removed: a record older than the cutoff that was written after a
    /// newer one (clock skew) stays until everything before it goes.
    @discardableResult
    public func prune(before cutoff: Int64) throws(DecisionLogError) -> Int {
        try indexJournal()
        return try writeTransaction { () throws(StoreError) in
            // Records stamped at or after the cutoff lie in blocks whose newest stamp is, so the
            // search starts at the first such block.
            let firstKept = try database.query(
                """
                SELECT seq FROM decision_log WHERE ts >= ?1
                    AND seq >= (SELECT IFNULL(MIN(first_seq), 0) FROM decision_log_block WHERE max_ts >= ?1)
                ORDER BY seq LIMIT 1
                """, [.int(cutoff)]
            ) { $0.int(0) }.first
            let bound = firstKept.map { "WHERE seq < \($0)" } ?? ""
            let last = try database.query("SELECT seq, hash FROM decision_log \(bound) ORDER BY seq DESC LIMIT 1") {
                ($0.int(0), $0.text(1) ?? "")
            }.first
            guard let last else { return 0 }
            let removed = try database.query("SELECT COUNT(*) FROM decision_log WHERE seq <= ?", [.int(last.0)]) { $0.int(0) }.first ?? 0
            try database.run("DELETE FROM decision_log WHERE seq <= ?", [.int(last.0)])
            try dropBlocks(through: last.0)
            try setAnchor("pruned", seq: last.0, hash: last.1)
            return Int(removed)
        }
    }

    /// Removes records older than `age` before `now` (ns since the epoch).
    @discardableResult
    public func prune(olderThan age: Duration, now: Int64) throws(DecisionLogError) -> Int {
        let (seconds, attoseconds) = age.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
        return try prune(before: now - nanoseconds)
    }
}
