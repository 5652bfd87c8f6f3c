import Foundation
import RegoValue

/// The durable state of the sidecar: file-loaded policies and data, plus API writes kept in one
/// SQLite file, published as immutable `Snapshot`s.
///
/// **How API data writes are kept.** Every `PUT`, `PATCH` or `DELETE` on `/v1/data` is stored as
/// one operation (`put PATH VALUE` or `delete PATH`) in an ordered log. A new operation at path P
/// first removes every earlier operation at P or below it (it would overwrite them anyway), so the
/// log never grows past one entry per written path. The effective `data` is the data loaded from
/// files with every logged operation replayed in order; when the files change, the log is replayed
/// on the new file data, and an operation that no longer applies is skipped (and listed in
/// `Snapshot.skippedOperations`). A `PATCH` is stored as the `put` of its result.
///
/// **Consistency.** Writers are serialized. Each write is one SQLite transaction, and the new
/// snapshot is published only after the commit succeeds: a failed write changes neither the file
/// nor what readers see. Readers never touch SQLite.
///
/// ```swift
/// let store = try StateStore(databasePath: "var/tollgate.sqlite", policiesFolder: "policies", dataFolder: "data")
/// try store.put(path: DataPath(urlPath: "users/alice"), value: ["role": "admin"])
/// let data = store.snapshot.data
/// ```
///
/// `@unchecked Sendable`: `state` and the database are touched only while `writeLock` is held;
/// `current` is read and replaced only while `snapshotLock` is held (briefly, to copy a value).
public final class StateStore: @unchecked Sendable {
    /// The database file used when none is given.
    public static let defaultDatabasePath = "var/tollgate.sqlite"

    /// The folder `.rego` files are loaded from, if any.
    public let policiesFolder: String?
    /// The folder data files are loaded from, if any.
    public let dataFolder: String?
    /// The SQLite file holding API writes.
    public let databasePath: String

    private let database: SQLiteDatabase
    private let writeLock = NSLock()
    private let snapshotLock = NSLock()
    private var current: Snapshot
    private var state: State

    /// What writers work on (guarded by `writeLock`).
    private struct State {
        var files: FileTree
        var operations: [DataOperation]
        var apiPolicies: [String: String]
    }

    /// Opens the store: creates the database file (and its folders) if needed, restores the API
    /// operations and policies kept there, and loads the two folders.
    public init(
        databasePath: String = StateStore.defaultDatabasePath, policiesFolder: String? = nil, dataFolder: String? = nil,
        busyTimeoutMilliseconds: Int = 5000
    ) throws(StoreError) {
        self.databasePath = databasePath
        self.policiesFolder = policiesFolder
        self.dataFolder = dataFolder
        let parent = (databasePath as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw .storage(message: "creating folder \(parent) for the store database failed: \(error.localizedDescription); create it or choose another path")
            }
        }
        database = try SQLiteDatabase(path: databasePath, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                                      pageSize: SQLiteDatabase.stateFilePageSize)
        try Self.createSchema(database)
        let operations = try Self.readOperations(database)
        let policies = try Self.readPolicies(database)
        let files = FileTree(policiesFolder: policiesFolder, dataFolder: dataFolder)
        state = State(files: files, operations: operations, apiPolicies: policies)
        let (data, skipped) = Self.replay(operations, on: files.data)
        current = Snapshot(data: data, filePolicies: files.policies, apiPolicies: policies, revision: 1,
                           fileErrors: files.errors, skippedOperations: skipped)
    }

    /// The latest published snapshot; cheap (copies a few references), never touches SQLite.
    public var snapshot: Snapshot {
        snapshotLock.withLock { current }
    }

    /// The operation log as stored (oldest first), for inspection and tests.
    public var operations: [DataOperation] {
        writeLock.withLock { state.operations }
    }

    /// Closes the database; later writes fail with a storage error, reads keep the last snapshot.
    public func close() {
        writeLock.withLock { database.close() }
    }

    // MARK: - Data writes

    /// Writes `value` at `path` (creating missing objects on the way; `-` appends to an array).
    /// With `onlyIfAbsent` (HTTP `If-None-Match: *`) it fails with `exists` when a document is there.
    @discardableResult
    public func put(path: DataPath, value: Value, onlyIfAbsent: Bool = false) throws(StoreError) -> Snapshot {
        try write { data throws(StoreError) in
            if onlyIfAbsent, data.value(at: path) != nil { throw .exists(path: path.urlPath) }
            return .put(path, value)
        }
    }

    /// Applies a JSON Patch to the document at `path` and stores the result as a `put` (or a
    /// `delete` when the patch removed the document). Fails with `badPatch` and changes nothing
    /// when any operation fails.
    @discardableResult
    public func patch(path: DataPath, operations: JSONPatch) throws(StoreError) -> Snapshot {
        try write { data throws(StoreError) in
            let patched = try operations.apply(to: data.value(at: path))
            guard let patched else { return .delete(path) }
            return .put(path, patched)
        }
    }

    /// Removes the document at `path`; `notFound` when nothing is there.
    @discardableResult
    public func delete(path: DataPath) throws(StoreError) -> Snapshot {
        try write { _ in .delete(path) }
    }

    /// Runs one data write: decide the operation from the current data, apply it, persist it with
    /// compaction in one transaction, and publish only after the commit.
    private func write(_ decide: (Value) throws(StoreError) -> DataOperation) throws(StoreError) -> Snapshot {
        writeLock.lock()
        defer { writeLock.unlock() }
        let before = snapshot
        var data = before.data
        let requested = try decide(data)
        let operation = try requested.apply(to: &data)
        try database.transaction { () throws(StoreError) in
            let pointer = operation.path.pointer
            // Compaction: the new operation overwrites everything logged at its path or below.
            try database.run(
                "DELETE FROM data_ops WHERE path = ?1 OR substr(path, 1, length(?2)) = ?2",
                [.text(pointer), .text(pointer + "/")])
            try database.run(
                "INSERT INTO data_ops (path, op, value) VALUES (?, ?, ?)",
                [.text(pointer), .text(operation.kind.rawValue), operation.value.map { .text($0.jsonText) } ?? .null])
        }
        state.operations.removeAll { operation.path.contains($0.path) }
        state.operations.append(operation)
        return publish(from: before) { Snapshot(data: data, filePolicies: $0.filePolicies, apiPolicies: $0.apiPolicies,
                                                revision: $0.revision + 1, fileErrors: $0.fileErrors,
                                                skippedOperations: $0.skippedOperations) }
    }

    // MARK: - Policies

    /// Creates or replaces the API-managed policy `id` (the caller has already checked it compiles).
    @discardableResult
    public func putPolicy(id: String, text: String) throws(StoreError) -> Snapshot {
        guard !id.isEmpty else { throw .badPath(path: id, reason: "a policy id cannot be empty") }
        writeLock.lock()
        defer { writeLock.unlock() }
        let updatedAt = ISO8601DateFormatter().string(from: Date())
        try database.transaction { () throws(StoreError) in
            try database.run(
                """
                INSERT INTO policies (id, text, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                """,
                [.text(id), .text(text), .text(updatedAt)])
        }
        state.apiPolicies[id] = text
        return publishPolicies()
    }

    /// Deletes the API-managed policy `id`; `notFound` when there is none.
    @discardableResult
    public func deletePolicy(id: String) throws(StoreError) -> Snapshot {
        writeLock.lock()
        defer { writeLock.unlock() }
        guard state.apiPolicies[id] != nil else { throw .notFound(path: id) }
        try database.transaction { () throws(StoreError) in
            try database.run("DELETE FROM policies WHERE id = ?", [.text(id)])
        }
        state.apiPolicies[id] = nil
        return publishPolicies()
    }

    /// The text of API-managed policy `id`, if any.
    public func policy(id: String) -> String? { snapshot.apiPolicies[id] }

    /// The ids of the API-managed policies, sorted.
    public var policyIDs: [String] { snapshot.apiPolicies.keys.sorted() }

    private func publishPolicies() -> Snapshot {
        let policies = state.apiPolicies
        return publish(from: snapshot) { Snapshot(data: $0.data, filePolicies: $0.filePolicies, apiPolicies: policies,
                                                  revision: $0.revision + 1, fileErrors: $0.fileErrors,
                                                  skippedOperations: $0.skippedOperations) }
    }

    // MARK: - Files

    /// Re-reads the policy and data folders and replays the operation log on the new file data.
    ///
    /// When some file has an error, the previously loaded file contents stay in effect (a broken
    /// edit never silently drops policies or data) and the errors are published in
    /// `Snapshot.fileErrors` until the files load cleanly. Returns whether anything changed.
    @discardableResult
    public func reloadFiles() -> Bool {
        writeLock.lock()
        defer { writeLock.unlock() }
        let loaded = FileTree(policiesFolder: policiesFolder, dataFolder: dataFolder)
        let before = snapshot
        var files = loaded
        if !loaded.errors.isEmpty {
            files = state.files
            files.errors = loaded.errors
        }
        let unchanged = files.errors == state.files.errors && files.policies == state.files.policies && files.data == state.files.data
        if unchanged { return false }
        state.files = files
        let (data, skipped) = Self.replay(state.operations, on: files.data)
        _ = publish(from: before) { Snapshot(data: data, filePolicies: files.policies, apiPolicies: $0.apiPolicies,
                                             revision: $0.revision + 1, fileErrors: files.errors, skippedOperations: skipped) }
        return true
    }

    /// A watcher that calls `reloadFiles()` whenever the folders change (start it, stop it on shutdown).
    public func makeFileWatcher(interval: Duration = .milliseconds(500)) -> FileWatcher {
        FileWatcher(policiesFolder: policiesFolder, dataFolder: dataFolder, interval: interval) { [weak self] in
            self?.reloadFiles()
        }
    }

    // MARK: - Internals

    private func publish(from before: Snapshot, _ make: (Snapshot) -> Snapshot) -> Snapshot {
        let next = make(before)
        snapshotLock.withLock { current = next }
        return next
    }

    /// The file data with `operations` applied in order; operations that do not apply are skipped.
    static func replay(_ operations: [DataOperation], on fileData: Value) -> (Value, [String]) {
        var data = fileData
        var skipped: [String] = []
        for operation in operations {
            do {
                try operation.apply(to: &data)
            } catch {
                skipped.append("\(operation.kind.rawValue) \(operation.path.urlPath): \(error.message)")
            }
        }
        return (data, skipped)
    }

    /// One transaction, so that a new state file's tables cost one commit (and its fsync) rather than one each.
    private static func createSchema(_ database: SQLiteDatabase) throws(StoreError) {
        try database.transaction { () throws(StoreError) in
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS data_ops (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    path TEXT NOT NULL,
                    op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
                    value TEXT
                );
                CREATE INDEX IF NOT EXISTS data_ops_path ON data_ops (path);
                CREATE TABLE IF NOT EXISTS policies (
                    id TEXT PRIMARY KEY,
                    text TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                PRAGMA user_version = 1;
                """)
        }
    }

    private static func readOperations(_ database: SQLiteDatabase) throws(StoreError) -> [DataOperation] {
        let rows = try database.query("SELECT seq, path, op, value FROM data_ops ORDER BY seq") { row in
            (row.int(0), row.text(1) ?? "", row.text(2) ?? "", row.text(3))
        }
        var operations: [DataOperation] = []
        for (seq, pointer, kind, valueText) in rows {
            let where_ = "data operation \(seq) in \(database.path)"
            let path: DataPath
            do { path = try DataPath(pointer: pointer) } catch {
                throw .storage(message: "\(where_) has a bad path \"\(pointer)\"; delete that row")
            }
            switch (kind, valueText) {
            case ("put", let text?):
                do {
                    operations.append(.put(path, try JSONReader.parse(text)))
                } catch {
                    throw .storage(message: "\(where_) holds invalid JSON (\(error)); delete that row")
                }
            case ("delete", _):
                operations.append(.delete(path))
            default:
                throw .storage(message: "\(where_) is a \"\(kind)\" without a usable value; delete that row")
            }
        }
        return operations
    }

    private static func readPolicies(_ database: SQLiteDatabase) throws(StoreError) -> [String: String] {
        let rows = try database.query("SELECT id, text FROM policies") { row in (row.text(0) ?? "", row.text(1) ?? "") }
        return Dictionary(rows, uniquingKeysWith: { _, last in last })
    }
}
