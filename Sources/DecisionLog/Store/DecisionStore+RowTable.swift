import DataStore

/// Logs written by versions that stored a row per record (table `decision_log`: `seq`, the filter
/// columns, the canonical JSON, `prev_hash`, `hash`) are moved into chunks when first opened.
///
/// Every row becomes the frame of its record with the same sequence number, columns, JSON and
/// hashes, byte for byte, so the chain verifies exactly as it did, and a row edited before the move
/// is still named by `verify` after it. The block summaries are made again from the rows (a log
/// from before they kept id bounds had summaries without them), and the row table goes, all in the
/// opening transaction: a failure leaves the file as it was.
extension DecisionStore {
    static func convertRowTable(on database: SQLiteDatabase) throws(StoreError) {
        let table = try database.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decision_log'") { $0.int(0) }
        guard !table.isEmpty else { return }
        try database.execute("DROP TABLE IF EXISTS decision_log_block; DROP TABLE IF EXISTS decision_log_block_path;")
        try database.execute(blockTables)
        // The frames of one chunk's worth of rows, written when the next row does not follow them.
        var bytes: [UInt8] = []
        var frames: [JournalFrame.View] = []
        let compressor = ChunkCompressor()
        func flush() throws(StoreError) {
            guard !frames.isEmpty else { return }
            try bytes.withUnsafeBytes { buffer in
                Result { () throws(StoreError) in
                    var chunks = ChunkWriter(database: database, compressor: compressor, buffer: buffer)
                    var blocks = BlockSummaries()
                    for frame in frames {
                        try chunks.add(frame)
                        blocks.add(frame, in: buffer)
                    }
                    try chunks.finish()
                    try blocks.write(to: database)
                }
            }.get()
            bytes.removeAll(keepingCapacity: true)
            frames.removeAll(keepingCapacity: true)
        }
        try database.withStatement(
            "SELECT seq, decision_id, ts, path, allowed, subject, error_code, record, prev_hash, hash FROM decision_log ORDER BY seq"
        ) { row throws(StoreError) in
            while try row.step() {
                let seq = row.int(0)
                if let last = frames.last, seq != last.seq + 1 || !inOneChunkRun(seq, last.seq) {
                    try flush()
                }
                var record = DecisionRecord(decisionID: row.text(1) ?? "", timestamp: row.int(2), path: row.text(3) ?? "")
                record.allowed = row.isNull(4) ? nil : row.int(4) == 1
                record.subject = row.text(5)
                record.errorCode = row.text(6)
                frames.append(JournalFrame.append(seq: seq, record: record, json: Array((row.text(7) ?? "").utf8),
                                                  previousHash: Array((row.text(8) ?? "").utf8), hash: Array((row.text(9) ?? "").utf8),
                                                  to: &bytes))
            }
        }
        try flush()
        try database.execute("DROP TABLE decision_log")
    }
}
