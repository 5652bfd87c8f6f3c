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

    /// The subject entries of the chunks, as "subject first_seq" in chunk order, each row's hashes in
    /// the order stored, named by the subject of `subjects` with that hash ("?" for none).
    func subjectEntries(naming subjects: [String]) throws -> [String] {
        let names = Dictionary(subjects.map { (Self.subjectHash($0), $0) }, uniquingKeysWith: { first, _ in first })
        return try database.query("SELECT first_seq, hashes FROM decision_log_chunk_subjects ORDER BY first_seq") { row in
            let first = row.int(0)
            return row.withBytes(1) { bytes in
                stride(from: 0, to: bytes.count, by: 4).map { offset in
                    let hash = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                    return "\(names[hash] ?? "?") \(first)"
                }
            }
        }.flatMap { $0 }
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
