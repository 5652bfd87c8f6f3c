import CSQLite
import CSQLiteTurns
import DataStore
import Foundation
import RegoValue
import Synchronization

/// The decision log's SQLite tables: the records, stored a chunk of consecutive records per row
/// (`DecisionStore+Chunks`), summaries of blocks of records that narrow queries
/// (`DecisionStore+Blocks`), and an anchor table that remembers the chain's ends across pruning.
///
/// The tables are prefixed `decision_log` so they live beside the data store's tables in the
/// sidecar's state file. Writes come from one writer (`DecisionLog`); reads may run at any time.
///
/// ```swift
/// let store = try DecisionStore(path: "var/tollgate.sqlite")
/// try store.append([record])
/// let page = try store.list(DecisionFilter(subject: "alice"))
/// ```
public final class DecisionStore: Sendable {
    /// The hash the first record of a log chains from.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The SQLite file.
    public var path: String { database.path }
    /// The connection writes (append, prune) use, one transaction at a time under `writeLock`.
    let database: SQLiteDatabase
    /// A second connection for reads, so a long `verify` or `list` never runs inside the writer's
    /// transaction (WAL lets it read a consistent snapshot while the writer commits).
    let reader: SQLiteDatabase
    /// Serializes transactions on `database`: a connection holds one transaction at a time.
    let writeLock = NSLock()
    /// Compresses the chunks the writer connection stores; used under `writeLock`.
    let compressor = ChunkCompressor()
    /// Serializes `verify`'s read transaction on `reader`.
    let readLock = NSLock()
    /// The journal folder beside the SQLite file (`<path>-decisions`), where `DecisionLog` appends
    /// records before they are indexed into the tables.
    public let journalDirectory: String
    /// What has been read of the journal, and whether this process writes it.
    let journal = Mutex(JournalIndex())
    /// What this process indexed so far.
    let totals = IndexingTotals()
    /// The first record number of the segment this process's journal appends to (0 for none).
    let activeSegment = Atomic(0)
    /// Bytes of frames written to the active segment: what an indexing pass reads of it, rather
    /// than the space reserved past them.
    let activeSegmentWritten = Atomic(0)

    /// Opens (creating if needed) the decision tables in the SQLite file at `path`.
    public init(path: String) throws(DecisionLogError) {
        // Both connections go through the VFS that lets the log's thread offer its core in the
        // middle of a commit or a checkpoint (`CoreTurns.offerDuringFileWork`); where it cannot be
        // registered, through the default one.
        let vfs = tollgate_sqlite_turns_register() == SQLITE_OK ? TOLLGATE_SQLITE_TURNS_VFS : nil
        // Only ever used under `writeLock`, so it needs no lock of sqlite's around every call.
        let writer = try Self.storage { () throws(StoreError) in
            try SQLiteDatabase(path: path, serialized: false, pageSize: SQLiteDatabase.stateFilePageSize, vfs: vfs)
        }
        // In WAL mode, NORMAL makes each commit durable against a crash or kill of the process
        // without an fsync per group; only a power loss may lose the newest groups.
        try Self.storage { () throws(StoreError) in try writer.execute("PRAGMA synchronous=NORMAL") }
        try Self.storage { () throws(StoreError) in try Self.createSchema(writer) }
        database = writer
        journalDirectory = path + "-decisions"
        reader = try Self.storage { () throws(StoreError) in try SQLiteDatabase(path: path, vfs: vfs) }
    }

    /// Leaves checkpoints (copying the WAL back into the database file, with its fsyncs) to
    /// `checkpoint()`, so that no appending caller ever waits for one. The decision log's writer
    /// thread checkpoints a few times a second.
    public func checkpointInBackground() throws(DecisionLogError) {
        try Self.storage { () throws(StoreError) in try database.execute("PRAGMA wal_autocheckpoint=0") }
    }

    /// Copies what the WAL holds into the database file without blocking appends (a passive checkpoint).
    public func checkpoint() throws(DecisionLogError) {
        readLock.lock()
        defer { readLock.unlock() }
        try Self.storage { () throws(StoreError) in try reader.execute("PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// Closes both connections.
    public func close() {
        database.close()
        reader.close()
    }

    private static func createSchema(_ database: SQLiteDatabase) throws(StoreError) {
        try database.transaction { () throws(StoreError) in
            try database.execute(
                """
                \(chunkTables)
                CREATE TABLE IF NOT EXISTS decision_log_anchor (
                    name TEXT PRIMARY KEY CHECK (name IN ('head', 'pruned')),
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                """)
            // A log written a row per record by an earlier version is stored in chunks from now on.
            try convertRowTable(on: database)
            try convertSubjectTable(on: database)
            try database.execute(blockTables)
        }
    }

    /// The chain hash of a record: SHA-256 over the previous hash's hex text followed by the JSON.
    public static func chainHash(previous: String, canonicalJSON: String) -> String {
        String(decoding: chainHash(previous: Array(previous.utf8), json: Array(canonicalJSON.utf8)), as: UTF8.self)
    }

    /// `chainHash` over UTF-8 bytes, as the 64 hex digits' bytes.
    static func chainHash(previous: [UInt8], json: [UInt8]) -> [UInt8] {
        previous.withUnsafeBytes { previous in json.withUnsafeBytes { SHA256.Hasher.hexDigest(previous, $0) } }
    }

    /// Appends `records` in one transaction, chaining each to the one before, after indexing what
    /// the journal holds. While a `DecisionLog` writes this log's journal, records go through it instead.
    public func append(_ records: [DecisionRecord]) throws(DecisionLogError) {
        if journalOwned {
            throw .storage(message: "records for \(path) go through its decision log while one is open; call DecisionLog.record")
        }
        try indexJournal()
        try writeTransaction { () throws(StoreError) in
            let (seq, previous) = try chainEnd()
            var frames: [JournalFrame.View] = []
            let encoded = JournalFrame.encode(records, json: records.map { $0.canonicalJSONBytes }, after: seq,
                                              previousHash: Array(previous.utf8)) { frames.append($0) }
            _ = try encoded.bytes.withUnsafeBytes { buffer in
                Result { () throws(StoreError) in try insert(frames[...], in: buffer) }
            }.get()
        }
    }

    /// Inserts framed records (read from `buffer`) inside the caller's transaction, skipping those at
    /// or below the head anchor (already indexed, possibly pruned since), and moves the head anchor to
    /// the last one. After each record inserted it asks `goOn` whether to take the next; it returns how
    /// many frames it took (from the first) and how many of them it inserted.
    func insert(_ frames: ArraySlice<JournalFrame.View>, in buffer: UnsafeRawBufferPointer,
                goOn: () -> Bool = { true }) throws(StoreError) -> (taken: Int, inserted: Int) {
        let head = try anchor("head")?.seq ?? 0
        var taken = 0
        var inserted = 0
        var newest: JournalFrame.View?
        var chunks = ChunkWriter(store: self, buffer: buffer)
        var blocks = BlockSummaries()
        for frame in frames {
            taken += 1
            guard frame.seq > head else { continue }
            try chunks.add(frame)
            inserted += 1
            newest = frame
            blocks.add(frame, in: buffer)
            if !goOn() { break }
        }
        try chunks.finish()
        if let newest { try setAnchor("head", seq: newest.seq, hash: newest.text(.hash, in: buffer) ?? "") }
        try blocks.write(to: database)
        return (taken, inserted)
    }

    /// Where the chain ends: the head anchor (the newest record ever indexed, so rows cut off the
    /// end show as a break once the chain goes on), else the newest row, else the pruned anchor,
    /// else sequence 0 and the genesis hash.
    func chainEnd() throws(StoreError) -> (seq: Int64, hash: String) {
        if let head = try anchor("head") { return head }
        if let newest = try newestStoredRecord(below: .max, on: database) { return newest }
        return try anchor("pruned") ?? (0, Self.genesisHash)
    }

    /// A named chain anchor (`head` or `pruned`), read through `connection` (the writer's by default).
    func anchor(_ name: String, on connection: SQLiteDatabase? = nil) throws(StoreError) -> (seq: Int64, hash: String)? {
        try (connection ?? database).query("SELECT seq, hash FROM decision_log_anchor WHERE name = ?", [.text(name)]) {
            ($0.int(0), $0.text(1) ?? "")
        }.first
    }

    func setAnchor(_ name: String, seq: Int64, hash: String) throws(StoreError) {
        try database.withCachedStatement(
            "INSERT INTO decision_log_anchor (name, seq, hash) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, hash = excluded.hash"
        ) { statement throws(StoreError) in
            try statement.bind([.text(name), .int(seq), .text(hash)])
            while try statement.step() {}
        }
    }

    /// The number of records in the log.
    public func count() throws(DecisionLogError) -> Int {
        try indexJournal()
        return try Self.storage { () throws(StoreError) in
            Int(try reader.query("SELECT IFNULL(SUM(last_seq - first_seq + 1), 0) FROM decision_log_chunk") { $0.int(0) }.first ?? 0)
        }
    }

    /// Runs a data-store call, turning its error into the decision log's.
    static func storage<T>(_ body: () throws(StoreError) -> T) throws(DecisionLogError) -> T {
        do { return try body() } catch { throw .storage(message: error.message) }
    }
}
