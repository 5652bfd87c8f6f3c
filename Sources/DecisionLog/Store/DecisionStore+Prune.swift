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
        writeLock.lock()
        defer { writeLock.unlock() }
        try Self.storage { () throws(StoreError) in try database.execute("BEGIN IMMEDIATE") }
        do {
            let removed = try pruneInTransaction(before: cutoff)
            try Self.storage { () throws(StoreError) in try database.execute("COMMIT") }
            return removed
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    private func pruneInTransaction(before cutoff: Int64) throws(DecisionLogError) -> Int {
        // Records stamped at or after the cutoff lie in blocks whose newest stamp is, so the search
        // for the first one starts at the first such block (none: every record goes).
        let start = try Self.storage { () throws(StoreError) in
            try database.query("SELECT MIN(first_seq) FROM decision_log_block WHERE max_ts >= ?", [.int(cutoff)]) {
                $0.isNull(0) ? Int64.max : $0.int(0)
            }.first ?? .max
        }
        // The last record to remove (the one before the first kept), and the chunk the first kept
        // record splits: its first record, and its frames from the kept one on.
        var last = try Self.storage { () throws(StoreError) in try newestStoredRecord(below: start, on: database) }
        var split: (first: Int64, kept: Int64, frames: [UInt8])?
        if start != .max {
            try forEachChunk("\(Self.selectChunks) WHERE first_seq >= ? ORDER BY first_seq", [.int(start)],
                             on: database) { chunk, frames, buffer in
                guard let kept = frames.firstIndex(where: { $0.timestamp >= cutoff }) else {
                    if let newest = frames.last { last = (newest.seq, newest.text(.hash, in: buffer) ?? "") }
                    return true
                }
                if kept > 0 {
                    let bytes = buffer[frames[kept].frame.lowerBound..<frames[frames.count - 1].frame.upperBound]
                    split = (chunk.lowerBound, frames[kept].seq, Array(bytes))
                    last = (frames[kept - 1].seq, frames[kept - 1].text(.hash, in: buffer) ?? "")
                }
                return false
            }
        }
        guard let last else { return 0 }
        return try Self.storage { () throws(StoreError) in
            let whole = try database.query("SELECT IFNULL(SUM(last_seq - first_seq + 1), 0) FROM decision_log_chunk WHERE last_seq <= ?", [.int(last.seq)]) {
                $0.int(0)
            }.first ?? 0
            try database.run("DELETE FROM decision_log_chunk_subjects WHERE first_seq <= ?", [.int(last.seq)])
            try database.run("DELETE FROM decision_log_chunk WHERE first_seq <= ?", [.int(last.seq)])
            if let split {
                // The chunk the first kept record is in keeps the rest of its records, as a chunk
                // that starts with it, written as indexing writes one.
                try split.frames.withUnsafeBytes { buffer in
                    Result { () throws(StoreError) in
                        let parsed: JournalFrame.Parsed
                        do throws(JournalFrame.Damage) { parsed = try JournalFrame.parse(buffer, base: 0) } catch {
                            // Not expected; the prune is rolled back rather than lose the records.
                            throw .storage(message: "the records kept from the chunk starting at record \(split.first) could not be read again: \(error.reason)")
                        }
                        var chunk = ChunkWriter(store: self, buffer: buffer)
                        for frame in parsed.frames { try chunk.add(frame) }
                        try chunk.finish()
                    }
                }.get()
            }
            try dropBlocks(through: last.seq)
            try setAnchor("pruned", seq: last.seq, hash: last.hash)
            return Int(whole + (split.map { $0.kept - $0.first } ?? 0))
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
