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
    /// The newest record's hash, known after the first append (read and written under `writeLock`).
    /// Pruning never changes it: when every record is pruned, the pruned anchor holds that same hash.
    private let newestHash = Mutex<String?>(nil)

    /// Opens (creating if needed) the decision tables in the SQLite file at `path`.
    public init(path: String) throws(DecisionLogError) {
        let writer = try Self.storage { () throws(StoreError) in try SQLiteDatabase(path: path) }
        // In WAL mode, NORMAL makes each commit durable against a crash or kill of the process
        // without an fsync per group; only a power loss may lose the newest groups.
        try Self.storage { () throws(StoreError) in try writer.execute("PRAGMA synchronous=NORMAL") }
        try Self.storage { () throws(StoreError) in try Self.createSchema(writer) }
        database = writer
        reader = try Self.storage { () throws(StoreError) in try SQLiteDatabase(path: path) }
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
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS decision_log (
                seq INTEGER PRIMARY KEY,
                decision_id TEXT NOT NULL UNIQUE,
                ts INTEGER NOT NULL,
                path TEXT NOT NULL,
                allowed INTEGER CHECK (allowed IN (0, 1)),
                subject TEXT,
                error_code TEXT,
                record TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS decision_log_ts ON decision_log (ts);
            CREATE INDEX IF NOT EXISTS decision_log_subject ON decision_log (subject, seq);
            CREATE INDEX IF NOT EXISTS decision_log_path ON decision_log (path, seq);
            DROP INDEX IF EXISTS decision_log_allowed;
            CREATE TABLE IF NOT EXISTS decision_log_anchor (
                name TEXT PRIMARY KEY CHECK (name IN ('head', 'pruned')),
                seq INTEGER NOT NULL,
                hash TEXT NOT NULL
            );
            """)
    }

    /// The chain hash of a record: SHA-256 over the previous hash's hex text followed by the JSON.
    public static func chainHash(previous: String, canonicalJSON: String) -> String {
        SHA256.hex(Array(previous.utf8) + Array(canonicalJSON.utf8))
    }

    /// Appends `records` in one transaction, chaining each to the one before. A record that cannot
    /// be inserted (a duplicate decision id) fails alone; the others are written. Returns one result
    /// per record, in order.
    @discardableResult
    public func append(_ records: [DecisionRecord]) throws(DecisionLogError) -> [Result<Void, DecisionLogError>] {
        writeLock.lock()
        defer { writeLock.unlock() }
        let (results, newest) = try Self.storage { () throws(StoreError) in
            try database.transaction { () throws(StoreError) -> ([Result<Void, DecisionLogError>], String) in
                let cached = newestHash.withLock { $0 }
                var previous: String
                if let cached { previous = cached } else { previous = try lastHash() }
                var newestSeq: Int64?
                var results: [Result<Void, DecisionLogError>] = []
                results.reserveCapacity(records.count)
                try database.withCachedStatement(
                    "INSERT INTO decision_log (decision_id, ts, path, allowed, subject, error_code, record, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ) { statement throws(StoreError) in
                    for record in records {
                        let json = record.canonicalJSON
                        let hash = Self.chainHash(previous: previous, canonicalJSON: json)
                        statement.reset()
                        do throws(StoreError) {
                            try statement.bind([
                                .text(record.decisionID), .int(record.timestamp), .text(record.path),
                                record.allowed.map { .int($0 ? 1 : 0) } ?? .null,
                                record.subject.map { .text($0) } ?? .null,
                                record.errorCode.map { .text($0) } ?? .null,
                                .text(json), .text(previous), .text(hash),
                            ])
                            while try statement.step() {}
                            previous = hash
                            newestSeq = database.lastInsertRowID
                            results.append(.success(()))
                        } catch {
                            results.append(.failure(.storage(message: "record \(record.decisionID) was not written: \(error.message)")))
                        }
                    }
                }
                if let newestSeq {
                    try setAnchor("head", seq: newestSeq, hash: previous)
                }
                return (results, previous)
            }
        }
        // Only once committed: a failed commit leaves the cached hash where the table is.
        newestHash.withLock { $0 = newest }
        return results
    }

    /// The hash the next record chains from: the head anchor's (the newest record ever written, so
    /// rows cut off the end show as a break once the chain goes on), else the newest row's, else the
    /// pruned anchor's, else genesis.
    func lastHash() throws(StoreError) -> String {
        if let head = try anchor("head") { return head.hash }
        if let newest = try database.query("SELECT hash FROM decision_log ORDER BY seq DESC LIMIT 1", row: { $0.text(0) }).first,
           let hash = newest
        {
            return hash
        }
        return try anchor("pruned")?.hash ?? Self.genesisHash
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
        try Self.storage { () throws(StoreError) in
            Int(try reader.query("SELECT COUNT(*) FROM decision_log") { $0.int(0) }.first ?? 0)
        }
    }

    /// Runs a data-store call, turning its error into the decision log's.
    static func storage<T>(_ body: () throws(StoreError) -> T) throws(DecisionLogError) -> T {
        do { return try body() } catch { throw .storage(message: error.message) }
    }
}
