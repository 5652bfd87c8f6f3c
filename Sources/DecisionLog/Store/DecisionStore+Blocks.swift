import DataStore

/// Block summaries: what the time, path and decision-id filters need, kept per block of
/// consecutive records instead of an index entry per record.
///
/// Records are numbered in the order they are logged, and their timestamps (taken as each decision
/// is made) follow that order closely. So a summary per block of `blockRecords` records, its
/// earliest and latest timestamp and the paths its records answered, narrows a time or path filter
/// to the blocks that can hold a match; their chunks (`DecisionStore+Chunks`) are then read in
/// sequence order and their records filtered. The summaries are brought up to date once per
/// transaction.
///
/// Decision ids are version 7 UUIDs, which begin with the time they were made, so they too follow
/// the records' order closely: a summary keeps its block's least and greatest id (`min_id`,
/// `max_id`, compared as bytes), and a lookup by id reads the one or two blocks whose bounds hold
/// it. Ids of any other form still work, only their blocks' bounds are wider. Bounds of NULL mean
/// unknown: such a block may hold any id.
///
/// A block is numbered by its first sequence number: records 1…1024 are block 1, 1025…2048 block
/// 1025. A summary bounds its records: every record's timestamp lies between its block's `min_ts`
/// and `max_ts`, its decision id between `min_id` and `max_id`, and its path is among the block's
/// paths. That is all the queries rely on, so a summary whose records were pruned, and which still
/// bounds nothing, is harmless.
extension DecisionStore {
    /// Records per block.
    static let blockRecords: Int64 = 1024

    /// The summary tables.
    static let blockTables = """
        CREATE TABLE IF NOT EXISTS decision_log_block (
            first_seq INTEGER PRIMARY KEY,
            last_seq INTEGER NOT NULL,
            min_ts INTEGER NOT NULL,
            max_ts INTEGER NOT NULL,
            min_id TEXT,
            max_id TEXT
        );
        CREATE TABLE IF NOT EXISTS decision_log_block_path (
            path TEXT NOT NULL,
            first_seq INTEGER NOT NULL,
            PRIMARY KEY (path, first_seq)
        ) WITHOUT ROWID;
        """

    /// How a block's stored summary takes in one for more of its records. SQLite's `min` and `max`
    /// of a NULL are NULL, so a block whose id bounds are unknown stays unknown.
    static let mergedBounds = """
        last_seq = max(last_seq, excluded.last_seq), min_ts = min(min_ts, excluded.min_ts), max_ts = max(max_ts, excluded.max_ts),
        min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id)
        """

    /// The summaries of the blocks a transaction's records fall in, gathered as they are inserted and
    /// then merged into the tables (one row per block, one per new path of a block), so that
    /// appending never reads rows back.
    struct BlockSummaries {
        struct Summary {
            var last: Int64
            var minTimestamp: Int64
            var maxTimestamp: Int64
            var paths: [String]
            /// The least and greatest decision id, where they lie in the transaction's frames.
            var minID: UnsafeRawBufferPointer
            var maxID: UnsafeRawBufferPointer
        }

        private(set) var blocks: [(first: Int64, summary: Summary)] = []
        /// The path of the record added last, its bytes and its text, so that a run of records on
        /// one path makes one string.
        private var lastPath: (bytes: [UInt8], text: String)?

        /// Takes in the record framed by `frame` in `buffer`, which outlives the summaries (`write`
        /// is called before the frames go).
        mutating func add(_ frame: JournalFrame.View, in buffer: UnsafeRawBufferPointer) {
            let none = UnsafeRawBufferPointer(start: nil, count: 0)
            add(seq: frame.seq, timestamp: frame.timestamp, path: frame.bytes(.path, in: buffer) ?? none,
                id: frame.bytes(.decisionID, in: buffer) ?? none)
        }

        /// Takes in record `seq`; `path` and `id` are its bytes in the transaction's frames.
        private mutating func add(seq: Int64, timestamp: Int64, path: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer) {
            let first = (seq - 1) / DecisionStore.blockRecords * DecisionStore.blockRecords + 1
            let text: String
            if let lastPath, lastPath.bytes.withUnsafeBytes({ $0.sameBytes(as: path) }) {
                text = lastPath.text
            } else {
                text = String(decoding: path, as: UTF8.self)
                lastPath = (Array(path), text)
            }
            guard let index = blocks.lastIndex(where: { $0.first == first }) else {
                blocks.append((first, Summary(last: seq, minTimestamp: timestamp, maxTimestamp: timestamp, paths: [text], minID: id, maxID: id)))
                return
            }
            // Ids mostly grow from record to record (`DecisionID`): a new greatest id is not a new
            // least one, so most records take one comparison (a `memcmp`).
            if blocks[index].summary.maxID.bytesPrecede(id) {
                blocks[index].summary.maxID = id
            } else if id.bytesPrecede(blocks[index].summary.minID) {
                blocks[index].summary.minID = id
            }
            blocks[index].summary.last = max(blocks[index].summary.last, seq)
            blocks[index].summary.minTimestamp = min(blocks[index].summary.minTimestamp, timestamp)
            blocks[index].summary.maxTimestamp = max(blocks[index].summary.maxTimestamp, timestamp)
            if !blocks[index].summary.paths.contains(text) { blocks[index].summary.paths.append(text) }
        }

        /// Merges the summaries into the tables, inside the caller's transaction.
        func write(to database: SQLiteDatabase) throws(StoreError) {
            for (first, summary) in blocks {
                try database.withCachedStatement(
                    """
                    INSERT INTO decision_log_block (first_seq, last_seq, min_ts, max_ts, min_id, max_id) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (first_seq) DO UPDATE SET \(DecisionStore.mergedBounds)
                    """
                ) { statement throws(StoreError) in
                    try statement.bind([.int(first), .int(summary.last), .int(summary.minTimestamp), .int(summary.maxTimestamp),
                                        .text(String(decoding: summary.minID, as: UTF8.self)),
                                        .text(String(decoding: summary.maxID, as: UTF8.self))])
                    while try statement.step() {}
                }
                for path in summary.paths {
                    try database.withCachedStatement("INSERT OR IGNORE INTO decision_log_block_path (path, first_seq) VALUES (?, ?)") {
                        statement throws(StoreError) in
                        try statement.bind([.text(path), .int(first)])
                        while try statement.step() {}
                    }
                }
            }
        }
    }

    /// Drops the summaries of blocks whose records all are at or below `seq` (pruned).
    func dropBlocks(through seq: Int64) throws(StoreError) {
        try database.run("DELETE FROM decision_log_block_path WHERE first_seq IN (SELECT first_seq FROM decision_log_block WHERE last_seq <= ?)", [.int(seq)])
        try database.run("DELETE FROM decision_log_block WHERE last_seq <= ?", [.int(seq)])
    }

    /// The ranges of sequence numbers a query reads, oldest first: the runs of blocks that may hold
    /// records matching the filter's id, time and path (below `before` when paging), or one nil,
    /// for the whole log, when the filter has none of them.
    func rowRanges(_ filter: DecisionFilter, before: Int64?) throws(StoreError) -> [ClosedRange<Int64>?] {
        guard filter.id != nil || filter.since != nil || filter.until != nil || filter.path != nil else { return [nil] }
        var conditions: [String] = []
        var parameters: [SQLiteParameter] = []
        if let id = filter.id {
            conditions.append("(min_id IS NULL OR (min_id <= ? AND max_id >= ?))")
            parameters += [.text(id), .text(id)]
        }
        if let since = filter.since { conditions.append("max_ts >= ?"); parameters.append(.int(since)) }
        if let until = filter.until { conditions.append("min_ts <= ?"); parameters.append(.int(until)) }
        if let path = filter.path {
            let (pathCondition, pathParameters) = DecisionFilter.pathCondition(path)
            conditions.append("first_seq IN (SELECT first_seq FROM decision_log_block_path WHERE \(pathCondition))")
            parameters += pathParameters
        }
        if let before { conditions.append("first_seq < ?"); parameters.append(.int(before)) }
        let blocks = try reader.query(
            "SELECT first_seq, last_seq FROM decision_log_block WHERE \(conditions.joined(separator: " AND ")) ORDER BY first_seq",
            parameters
        ) { ($0.int(0), $0.int(1)) }
        // Neighbouring blocks make one run, read with one query.
        var runs: [ClosedRange<Int64>] = []
        var previousFirst: Int64 = .min
        for (first, last) in blocks {
            if let run = runs.last, first == previousFirst + Self.blockRecords {
                runs[runs.count - 1] = run.lowerBound...max(run.upperBound, last)
            } else {
                runs.append(first...max(first, last))
            }
            previousFirst = first
        }
        return runs
    }
}
