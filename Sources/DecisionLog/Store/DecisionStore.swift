import CSQLite
import CSQLiteTurns
import DataStore
import Foundation
import RegoValue
import Synchronization

/// The decision log's SQLite tables: one row per record (filterable columns, the canonical JSON, and
/// the hash chain) and an anchor table that remembers the chain's ends across pruning.
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

    /// The `decision_log` table's columns: the filterable ones, the canonical JSON, the hash chain.
    private static let tableColumns = """
        (seq INTEGER PRIMARY KEY, decision_id TEXT NOT NULL, ts INTEGER NOT NULL, path TEXT NOT NULL,
         allowed INTEGER CHECK (allowed IN (0, 1)), subject TEXT, error_code TEXT, record TEXT NOT NULL,
         prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
        """

    private static func createSchema(_ database: SQLiteDatabase) throws(StoreError) {
        try database.transaction { () throws(StoreError) in
            try dropUniqueIDConstraint(database)
            try dropPerRecordIndexes(database)
            try database.execute(
                """
            CREATE TABLE IF NOT EXISTS decision_log \(tableColumns);
            DROP INDEX IF EXISTS decision_log_id;
            CREATE INDEX IF NOT EXISTS decision_log_subject ON decision_log (subject, seq) WHERE subject IS NOT NULL;
            DROP INDEX IF EXISTS decision_log_allowed;
            CREATE TABLE IF NOT EXISTS decision_log_anchor (
                name TEXT PRIMARY KEY CHECK (name IN ('head', 'pruned')),
                seq INTEGER NOT NULL,
                hash TEXT NOT NULL
            );
            \(blockTables)
            """)
            try addIDBounds(on: database)
            // Rows a former version wrote, or anyone appended with SQL, get their blocks.
            let covered = try database.query("SELECT IFNULL(MAX(last_seq), 0) FROM decision_log_block") { $0.int(0) }.first ?? 0
            try summarizeBlocks(after: covered, on: database)
        }
    }

    /// Logs written before block summaries had an index entry per record for the time and the
    /// path, and one for every record's subject, even none. Drops those; `createSchema` makes the
    /// subject index again, for records that have one.
    private static func dropPerRecordIndexes(_ database: SQLiteDatabase) throws(StoreError) {
        let subject = try database.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'decision_log_subject'") { $0.text(0) ?? "" }.first
        if let subject, !subject.contains("WHERE") { try database.execute("DROP INDEX decision_log_subject") }
        try database.execute("DROP INDEX IF EXISTS decision_log_ts; DROP INDEX IF EXISTS decision_log_path;")
    }

    /// Logs written before the journal kept decision ids unique in the table; the journal decides
    /// what is recorded, so the table takes every record it holds. Rebuilds such a table in place.
    private static func dropUniqueIDConstraint(_ database: SQLiteDatabase) throws(StoreError) {
        let sql = try database.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'decision_log'") { $0.text(0) ?? "" }.first
        guard let sql, sql.contains("UNIQUE") else { return }
        try database.execute(
            """
            DROP INDEX IF EXISTS decision_log_id;
            DROP INDEX IF EXISTS decision_log_subject;
            ALTER TABLE decision_log RENAME TO decision_log_unique_ids;
            CREATE TABLE decision_log \(tableColumns);
            INSERT INTO decision_log SELECT seq, decision_id, ts, path, allowed, subject, error_code, record, prev_hash, hash FROM decision_log_unique_ids;
            DROP TABLE decision_log_unique_ids;
            """)
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
        var blocks = BlockSummaries()
        try database.withCachedStatement(
            "INSERT OR IGNORE INTO decision_log (seq, decision_id, ts, path, allowed, subject, error_code, record, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ) { statement throws(StoreError) in
            // The texts are bound where they lie in `buffer`, which outlives the loop.
            defer { statement.clearBindings() }
            for frame in frames {
                taken += 1
                guard frame.seq > head else { continue }
                statement.reset()
                try statement.bind(.int(frame.seq), at: 1)
                try statement.bind(utf8: frame.bytes(.decisionID, in: buffer), at: 2, inPlace: true)
                try statement.bind(.int(frame.timestamp), at: 3)
                try statement.bind(utf8: frame.bytes(.path, in: buffer), at: 4, inPlace: true)
                try statement.bind(frame.allowed.map { .int($0 ? 1 : 0) } ?? .null, at: 5)
                try statement.bind(utf8: frame.bytes(.subject, in: buffer), at: 6, inPlace: true)
                try statement.bind(utf8: frame.bytes(.errorCode, in: buffer), at: 7, inPlace: true)
                try statement.bind(utf8: frame.bytes(.json, in: buffer), at: 8, inPlace: true)
                try statement.bind(utf8: frame.bytes(.previousHash, in: buffer), at: 9, inPlace: true)
                try statement.bind(utf8: frame.bytes(.hash, in: buffer), at: 10, inPlace: true)
                while try statement.step() {}
                inserted += 1
                newest = frame
                let none = UnsafeRawBufferPointer(start: nil, count: 0)
                blocks.add(seq: frame.seq, timestamp: frame.timestamp, path: frame.bytes(.path, in: buffer) ?? none,
                           id: frame.bytes(.decisionID, in: buffer) ?? none)
                if !goOn() { break }
            }
        }
        if let newest { try setAnchor("head", seq: newest.seq, hash: newest.text(.hash, in: buffer) ?? "") }
        try blocks.write(to: database)
        return (taken, inserted)
    }

    /// Where the chain ends: the head anchor (the newest record ever indexed, so rows cut off the
    /// end show as a break once the chain goes on), else the newest row, else the pruned anchor,
    /// else sequence 0 and the genesis hash.
    func chainEnd() throws(StoreError) -> (seq: Int64, hash: String) {
        if let head = try anchor("head") { return head }
        if let newest = try database.query("SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1", row: { ($0.int(0), $0.text(1) ?? "") }).first {
            return newest
        }
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
            Int(try reader.query("SELECT COUNT(*) FROM decision_log") { $0.int(0) }.first ?? 0)
        }
    }

    /// Runs a data-store call, turning its error into the decision log's.
    static func storage<T>(_ body: () throws(StoreError) -> T) throws(DecisionLogError) -> T {
        do { return try body() } catch { throw .storage(message: error.message) }
    }
}
