import DataStore

/// Records are stored a chunk at a time: one row of `decision_log_chunk` holds up to `chunkRecords`
/// consecutive records, as their journal frames back to back (`JournalFrame`: sequence number,
/// timestamp, `allowed`, decision id, path, subject, error code, both hashes, canonical JSON).
///
/// Indexing copies a run of frames from the journal into one row as they lie, so the log's thread
/// does one insert per chunk instead of one per record (with its ten columns), which was most of its
/// work in SQLite. A chunk's records are consecutive, and a chunk never spans two blocks of
/// `blockRecords` (the block summaries narrow queries to blocks, then their chunks are read and
/// their frames filtered). Chunks are aligned: one holds records of a single run of `chunkRecords`
/// sequence numbers (1…64, 65…128, …); a transaction that ends inside a run leaves the rest of it to
/// the next row.
///
/// The frames are stored compressed (`ChunkCompression`), except in chunks an earlier version wrote.
///
/// `decision_log_chunk_subjects` gives, for each chunk holding records with a subject, a hash of each
/// of its distinct subjects (`subjectHash`, four bytes apiece), so `list --subject` reads only the
/// chunks whose hashes include the subject's, and compares the subjects themselves in those. Its rows
/// come in sequence order, so indexing appends them: an index of (subject, chunk) put a chunk's
/// subjects in as many places of its tree, and with 1,000 subjects each transaction wrote most of
/// that tree's pages again, four fifths of the log's thread's work per record.
extension DecisionStore {
    /// The most records a chunk holds: about 40 KB of frames for an `rbac` decision (620 bytes each).
    static let chunkRecords: Int64 = 64

    /// Whether records `a` and `b` belong to the same run of `chunkRecords` sequence numbers, which
    /// a chunk never leaves.
    static func inOneChunkRun(_ a: Int64, _ b: Int64) -> Bool {
        (a - 1) / chunkRecords == (b - 1) / chunkRecords
    }

    /// The chunk tables.
    static let chunkTables = """
        CREATE TABLE IF NOT EXISTS decision_log_chunk (
            first_seq INTEGER PRIMARY KEY,
            last_seq INTEGER NOT NULL,
            frames BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS decision_log_chunk_subjects (
            first_seq INTEGER PRIMARY KEY,
            hashes BLOB NOT NULL
        );
        """

    /// The hash a subject is found by in `decision_log_chunk_subjects`: 32-bit FNV-1a over its UTF-8
    /// bytes, stored little-endian. Two subjects may share one; a query compares the subjects of the
    /// chunks it reads, so a shared hash costs a chunk read, never a wrong answer.
    static func subjectHash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// `subjectHash` of a subject given as text.
    static func subjectHash(_ subject: String) -> UInt32 {
        var text = subject
        return text.withUTF8 { subjectHash(UnsafeRawBufferPointer($0)) }
    }

    /// Gathers consecutive frames of one buffer into chunk rows, writing each when the next frame
    /// does not belong to it, inside the caller's transaction.
    struct ChunkWriter {
        let database: SQLiteDatabase
        let compressor: ChunkCompressor
        /// The bytes the frames lie in; they outlive the writer (`finish` is called before they go).
        let buffer: UnsafeRawBufferPointer
        /// The chunk being gathered: its first and last record, and where its frames lie in `buffer`.
        private var first: Int64 = 0
        private var last: Int64 = 0
        private var bytes: Range<Int> = 0..<0
        /// The hashes of the chunk's distinct subjects (`subjectHash`).
        private var subjectHashes: [UInt32] = []

        init(database: SQLiteDatabase, compressor: ChunkCompressor, buffer: UnsafeRawBufferPointer) {
            self.database = database
            self.compressor = compressor
            self.buffer = buffer
        }

        /// A writer into `store`'s tables, under its write lock.
        init(store: DecisionStore, buffer: UnsafeRawBufferPointer) {
            self.init(database: store.database, compressor: store.compressor, buffer: buffer)
        }

        /// Adds the next frame, in sequence order; one that does not follow the chunk's last record
        /// directly in `buffer`, or that starts a new run of `chunkRecords`, starts a new chunk.
        mutating func add(_ frame: JournalFrame.View) throws(StoreError) {
            let follows = !bytes.isEmpty && frame.seq == last + 1 && frame.frame.lowerBound == bytes.upperBound
                && DecisionStore.inOneChunkRun(frame.seq, first)
            if !follows {
                try finish()
                first = frame.seq
                bytes = frame.frame
            } else {
                bytes = bytes.lowerBound..<frame.frame.upperBound
            }
            last = frame.seq
            if let subject = frame.bytes(.subject, in: buffer) {
                let hash = DecisionStore.subjectHash(subject)
                if !subjectHashes.contains(hash) { subjectHashes.append(hash) }
            }
        }

        /// Writes the chunk gathered so far, if any.
        mutating func finish() throws(StoreError) {
            guard !bytes.isEmpty else { return }
            defer {
                bytes = 0..<0
                subjectHashes.removeAll(keepingCapacity: true)
            }
            // A chunk already stored with this first record (indexed before the head anchor was set
            // back by hand) is kept: the journal's copy is not written over it.
            try database.withCachedStatement("INSERT OR IGNORE INTO decision_log_chunk (first_seq, last_seq, frames) VALUES (?, ?, ?)") {
                statement throws(StoreError) in
                defer { statement.clearBindings() }
                statement.reset()
                try statement.bind(.int(first), at: 1)
                try statement.bind(.int(last), at: 2)
                try compressor.withCompressed(UnsafeRawBufferPointer(rebasing: buffer[bytes])) { compressed throws(StoreError) in
                    try statement.bind(blob: compressed, at: 3, inPlace: true)
                    while try statement.step() {}
                }
            }
            guard !subjectHashes.isEmpty else { return }
            try DecisionStore.insertSubjectHashes(subjectHashes, chunk: first, on: database)
        }
    }

    /// Writes the row of `decision_log_chunk_subjects` for the chunk starting at record `first`
    /// (unless it has one: its chunk was kept, see `ChunkWriter.finish`).
    static func insertSubjectHashes(_ hashes: [UInt32], chunk first: Int64, on database: SQLiteDatabase) throws(StoreError) {
        try database.withCachedStatement("INSERT OR IGNORE INTO decision_log_chunk_subjects (first_seq, hashes) VALUES (?, ?)") {
            statement throws(StoreError) in
            defer { statement.clearBindings() }
            statement.reset()
            try statement.bind(.int(first), at: 1)
            // Copied by SQLite as it is bound.
            try hashes.map(\.littleEndian).withUnsafeBytes { bytes in
                Result { () throws(StoreError) in try statement.bind(blob: bytes, at: 2) }
            }.get()
            while try statement.step() {}
        }
    }

    /// Moves a log's subject entries from the table of (subject, chunk) pairs an earlier version kept
    /// into `decision_log_chunk_subjects`, in the opening transaction, and drops that table.
    static func convertSubjectTable(on database: SQLiteDatabase) throws(StoreError) {
        let table = try database.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decision_log_chunk_subject'") { $0.int(0) }
        guard !table.isEmpty else { return }
        var chunk: Int64?
        var hashes: [UInt32] = []
        try database.withStatement("SELECT first_seq, subject FROM decision_log_chunk_subject ORDER BY first_seq") { row throws(StoreError) in
            while try row.step() {
                let first = row.int(0)
                if let chunk, chunk != first {
                    try insertSubjectHashes(hashes, chunk: chunk, on: database)
                    hashes.removeAll(keepingCapacity: true)
                }
                chunk = first
                let hash = row.withBytes(1) { subjectHash($0) }
                if !hashes.contains(hash) { hashes.append(hash) }
            }
        }
        if let chunk { try insertSubjectHashes(hashes, chunk: chunk, on: database) }
        try database.execute("DROP TABLE decision_log_chunk_subject")
    }

    /// The start of every query `forEachChunk` runs: a chunk's bounds and frames.
    static let selectChunks = "SELECT first_seq, last_seq, frames FROM decision_log_chunk"
    /// The query for every chunk, in chain order, for `forEachChunk`.
    static let allChunks = "\(selectChunks) ORDER BY first_seq"

    /// A stored chunk whose frames could not be read: the error a query or `verify` reports.
    static func damagedChunk(_ first: Int64, _ damage: JournalFrame.Damage) -> DecisionLogError {
        .corruptRecord(id: "(records from \(first))", reason: "the stored chunk starting at record \(first) is damaged at byte \(damage.offset): \(damage.reason)")
    }

    /// Runs `sql` (a query whose columns are a chunk's `first_seq`, `last_seq` and `frames`) on
    /// `connection` and hands `body` each chunk's bounds and frames, read where SQLite keeps them,
    /// until `body` returns false. A chunk whose frames cannot be read is handed to `damaged`, which decides
    /// whether to go on; by default the walk stops with the damage as its error.
    func forEachChunk(
        _ sql: String, _ parameters: [SQLiteParameter], on connection: SQLiteDatabase,
        damaged: (_ first: Int64, JournalFrame.Damage) throws(DecisionLogError) -> Bool = { (first, damage) throws(DecisionLogError) -> Bool in
            throw DecisionStore.damagedChunk(first, damage)
        },
        _ body: (_ chunk: ClosedRange<Int64>, _ frames: [JournalFrame.View], _ buffer: UnsafeRawBufferPointer) throws(DecisionLogError) -> Bool
    ) throws(DecisionLogError) {
        let failure = try Self.storage { () throws(StoreError) -> DecisionLogError? in
            try connection.withStatement(sql) { statement throws(StoreError) -> DecisionLogError? in
                try statement.bind(parameters)
                while try statement.step() {
                    let first = statement.int(0)
                    let last = max(first, statement.int(1))
                    let outcome = statement.withBytes(2) { stored -> Result<Bool, DecisionLogError> in
                        Result { () throws(DecisionLogError) -> Bool in
                            let read = try ChunkCompression.withFrames(stored) { buffer throws(DecisionLogError) -> Bool in
                                let parsed: JournalFrame.Parsed
                                do throws(JournalFrame.Damage) { parsed = try JournalFrame.parse(buffer, base: 0) } catch { return try damaged(first, error) }
                                if parsed.consumed != buffer.count {
                                    return try damaged(first, JournalFrame.Damage(offset: parsed.consumed, reason: "the bytes after the last whole record are not a record"))
                                }
                                return try body(first...last, parsed.frames, buffer)
                            }
                            switch read {
                            case .success(let goOn): return goOn
                            case .failure(let damage): return try damaged(first, damage)
                            }
                        }
                    }
                    switch outcome {
                    case .success(true): continue
                    case .success(false): return nil
                    case .failure(let error): return error
                    }
                }
                return nil
            }
        }
        if let failure { throw failure }
    }

    /// The sequence number and hash of the newest stored record below `seq`, read through `connection`.
    func newestStoredRecord(below seq: Int64, on connection: SQLiteDatabase) throws(StoreError) -> (seq: Int64, hash: String)? {
        var newest: (seq: Int64, hash: String)?
        try connection.withStatement("SELECT frames FROM decision_log_chunk WHERE first_seq < ? ORDER BY first_seq DESC") { statement throws(StoreError) in
            try statement.bind([.int(seq)])
            while newest == nil, try statement.step() {
                statement.withBytes(0) { stored in
                    _ = ChunkCompression.withFrames(stored) { buffer in
                        // A damaged chunk has no newest record to give; `verify` names it.
                        guard let parsed = try? JournalFrame.parse(buffer, base: 0) else { return }
                        if let frame = parsed.frames.last(where: { $0.seq < seq }) { newest = (frame.seq, frame.text(.hash, in: buffer) ?? "") }
                    }
                }
            }
        }
        return newest
    }
}
