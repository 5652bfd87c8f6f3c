import DataStore
@testable import DecisionLog

extension DecisionStore {
    /// Every stored record in chain order, read from the chunks as they lie in the file.
    func storedRecords() throws -> [ChainedRecord] {
        var records: [ChainedRecord] = []
        try forEachChunk(Self.allChunks, [], on: database) { _, frames, buffer in
            records += frames.map { $0.record(in: buffer) }
            return true
        }
        return records
    }

    /// The stored chunks' bounds, in order.
    func storedChunks() throws -> [ClosedRange<Int64>] {
        try database.query("SELECT first_seq, last_seq FROM decision_log_chunk ORDER BY first_seq") { $0.int(0)...$0.int(1) }
    }

    /// Rewrites the stored records as `edit` leaves them, with SQL, as someone with write access to
    /// the file could: the chunks are written again from the edited list, up to 64 records a row,
    /// each row's bounds the numbers of its first and last record. The anchors are left alone.
    func tamper(_ edit: (inout [ChainedRecord]) -> Void) throws {
        var records = try storedRecords()
        edit(&records)
        try database.execute("DELETE FROM decision_log_chunk")
        var start = records.startIndex
        while start < records.endIndex {
            let group = records[start..<min(records.endIndex, start + 64)]
            var bytes: [UInt8] = []
            for record in group { JournalFrame.append(record, to: &bytes) }
            try database.withStatement("INSERT INTO decision_log_chunk (first_seq, last_seq, frames) VALUES (?, ?, ?)") { statement throws(StoreError) in
                try statement.bind([.int(group.first!.seq), .int(group.last!.seq)])
                try bytes.withUnsafeBytes { bytes in Result { () throws(StoreError) in try statement.bind(blob: bytes, at: 3) } }.get()
                while try statement.step() {}
            }
            start = group.endIndex
        }
    }
}
