import CSQLite
import Synchronization

/// A thin, safe wrapper over one sqlite3 connection: every call to the C API in this module
/// lives in this file, and every error says what failed, on which file, and sqlite's message.
///
/// ```swift
/// let db = try SQLiteDatabase(path: "var/state.sqlite")
/// try db.transaction { () throws(StoreError) in
///     try db.run("INSERT INTO t (k, v) VALUES (?, ?)", [.text("a"), .int(1)])
/// }
/// ```
///
/// `@unchecked Sendable`: the connection is opened in serialized mode (`SQLITE_OPEN_FULLMUTEX`) unless
/// its owner asks otherwise and promises to use it from one thread at a time, so sqlite itself never
/// sees two calls at once; callers that need a sequence of calls to be atomic
/// (a transaction) serialize them under their own lock, as `StateStore` does with its writer lock.
public final class SQLiteDatabase: @unchecked Sendable {
    /// The page size of the sidecar's state file. The decision log adds hundreds of rows of about
    /// 600 bytes per transaction, and each page goes to the WAL and back to the file with a system
    /// call of its own: with 16 KB pages a record costs about 1 µs of CPU less than with SQLite's
    /// default of 4 KB (measured on a copy of the log's table).
    public static let stateFilePageSize = 16384

    /// The file the connection is open on.
    public let path: String
    /// Owned by this object: opened in `init`, closed by `close()` or `deinit`, nil once closed.
    private var handle: OpaquePointer?

    /// Opens (creating if needed) the database at `path` in WAL journal mode with a busy timeout.
    ///
    /// A connection that is not `serialized` takes no lock of its own around each call: its owner
    /// must never use it from two threads at once (the decision log's writer, used only under its
    /// writer lock, saves a lock and unlock per bind and step that way).
    ///
    /// `pageSize` is the page size a database created now gets (an existing one keeps its own);
    /// `vfs` names a registered SQLite VFS to open it through instead of the default one.
    public init(path: String, busyTimeoutMilliseconds: Int = 5000, serialized: Bool = true, pageSize: Int? = nil,
                vfs: String? = nil) throws(StoreError) {
        self.path = path
        _ = Self.configured
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | (serialized ? SQLITE_OPEN_FULLMUTEX : SQLITE_OPEN_NOMUTEX)
        let status = sqlite3_open_v2(path, &opened, flags, vfs)
        guard status == SQLITE_OK, let opened else {
            // sqlite allocates a handle even when opening fails; it must still be closed.
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw .storage(message: "opening SQLite database \(path) failed: \(reason) (code \(status)); check that the folder exists and is writable")
        }
        handle = opened
        sqlite3_busy_timeout(opened, Int32(clamping: busyTimeoutMilliseconds))
        do throws(StoreError) {
            // Before anything is written: the page size of a database is fixed once it has a table.
            if let pageSize { try execute("PRAGMA page_size=\(pageSize)") }
            // journal_mode answers with a row naming the mode in effect.
            let mode = try withStatement("PRAGMA journal_mode=WAL") { statement throws(StoreError) in
                try statement.step() ? statement.text(0) : nil
            }
            guard mode?.lowercased() == "wal" else {
                throw StoreError.storage(message: "enabling WAL journal mode on \(path) failed: sqlite kept mode \(mode ?? "unknown"); use a local file system that supports WAL")
            }
            try execute("PRAGMA foreign_keys=ON")
        } catch {
            close()
            throw error
        }
    }

    /// Process-wide settings made once, before the first connection opens.
    private static let configured: Bool = {
        tollgate_sqlite3_disable_memory_statistics() == SQLITE_OK
    }()

    deinit {
        finalizeCachedStatements()
        sqlite3_close_v2(handle)
    }

    /// Closes the connection; later calls fail with a storage error. Closing twice is harmless.
    public func close() {
        finalizeCachedStatements()
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// A prepared statement kept for the connection's lifetime (finalized in `close` or `deinit`).
    private struct CachedStatement: @unchecked Sendable {
        // Sendable by the contract of `withCachedStatement`: callers serialize each statement's use.
        let pointer: OpaquePointer
    }

    /// Statements prepared once and reused, by their SQL text.
    private let cachedStatements = Mutex<[String: CachedStatement]>([:])

    private func finalizeCachedStatements() {
        let statements = cachedStatements.withLock { cache in
            defer { cache.removeAll() }
            return Array(cache.values)
        }
        for statement in statements { sqlite3_finalize(statement.pointer) }
    }

    /// Runs one or more SQL statements that take no parameters and return no rows.
    public func execute(_ sql: String) throws(StoreError) {
        let db = try openHandle(for: sql)
        var errorText: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(db, sql, nil, nil, &errorText)
        // sqlite allocates the error text with sqlite3_malloc; it is freed right after being copied.
        defer { sqlite3_free(errorText) }
        guard status == SQLITE_OK else {
            let reason = errorText.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            throw .storage(message: "\(Self.summary(sql)) on \(path) failed: \(reason) (code \(status))")
        }
    }

    /// Prepares `sql`, hands the statement to `body`, and finalizes it when `body` returns.
    /// The statement is valid only inside `body`; do not keep it.
    public func withStatement<T>(_ sql: String, _ body: (Statement) throws(StoreError) -> T) throws(StoreError) -> T {
        let db = try openHandle(for: sql)
        var prepared: OpaquePointer?
        let status = sqlite3_prepare_v2(db, sql, -1, &prepared, nil)
        guard status == SQLITE_OK, let prepared else {
            throw .storage(message: "preparing \(Self.summary(sql)) on \(path) failed: \(String(cString: sqlite3_errmsg(db))) (code \(status))")
        }
        // The statement's whole lifetime is this scope.
        defer { sqlite3_finalize(prepared) }
        return try body(Statement(pointer: prepared, database: db, sql: sql, path: path))
    }

    /// Like `withStatement`, but the statement is prepared on first use and kept, so a statement run
    /// on every request is parsed once. It is reset and its bindings cleared when `body` returns.
    /// Callers must not use one cached statement from two threads at once (hold a lock of theirs).
    public func withCachedStatement<T>(_ sql: String, _ body: (Statement) throws(StoreError) -> T) throws(StoreError) -> T {
        let db = try openHandle(for: sql)
        let pointer: OpaquePointer
        if let cached = cachedStatements.withLock({ $0[sql] }) {
            pointer = cached.pointer
        } else {
            var prepared: OpaquePointer?
            let status = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
            guard status == SQLITE_OK, let prepared else {
                throw .storage(message: "preparing \(Self.summary(sql)) on \(path) failed: \(String(cString: sqlite3_errmsg(db))) (code \(status))")
            }
            cachedStatements.withLock { $0[sql] = CachedStatement(pointer: prepared) }
            pointer = prepared
        }
        defer {
            sqlite3_reset(pointer)
            sqlite3_clear_bindings(pointer)
        }
        return try body(Statement(pointer: pointer, database: db, sql: sql, path: path))
    }

    /// Runs a statement with parameters to completion (INSERT, UPDATE, DELETE, DDL).
    public func run(_ sql: String, _ parameters: [SQLiteParameter] = []) throws(StoreError) {
        try withStatement(sql) { statement throws(StoreError) in
            try statement.bind(parameters)
            while try statement.step() {}
        }
    }

    /// Runs a query and maps each row with `row` (called while the row is current).
    public func query<T>(
        _ sql: String, _ parameters: [SQLiteParameter] = [], row: (Statement) throws(StoreError) -> T
    ) throws(StoreError) -> [T] {
        try withStatement(sql) { statement throws(StoreError) in
            try statement.bind(parameters)
            var rows: [T] = []
            while try statement.step() { rows.append(try row(statement)) }
            return rows
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; any error rolls everything back and is rethrown.
    public func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // The original error is what the caller needs; a failing rollback (the transaction may
            // already be gone after a failed COMMIT) adds nothing to it.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int64 { handle.map { sqlite3_changes64($0) } ?? 0 }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    private func openHandle(for sql: String) throws(StoreError) -> OpaquePointer {
        guard let handle else {
            throw .storage(message: "\(Self.summary(sql)) on \(path) failed: the database is closed")
        }
        return handle
    }

    /// The first words of a statement, enough to say which one failed without dumping it whole.
    static func summary(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(4)
        return "SQL \"" + words.joined(separator: " ") + (words.count < 4 ? "" : " …") + "\""
    }

    /// A prepared statement, valid only inside the `withStatement` closure that received it.
    public struct Statement {
        fileprivate let pointer: OpaquePointer
        fileprivate let database: OpaquePointer
        fileprivate let sql: String
        fileprivate let path: String

        /// Binds parameters to the `?` placeholders, in order (1-based in sqlite).
        public func bind(_ parameters: [SQLiteParameter]) throws(StoreError) {
            for (offset, parameter) in parameters.enumerated() {
                try bind(parameter, at: Int32(offset + 1))
            }
        }

        /// Binds one parameter at a 1-based placeholder index.
        public func bind(_ parameter: SQLiteParameter, at index: Int32) throws(StoreError) {
            let status: Int32
            switch parameter {
            case .text(let text):
                // SQLITE_TRANSIENT (-1): sqlite copies the bytes before bind returns, so the
                // Swift string's temporary C buffer may go away right after.
                status = sqlite3_bind_text(pointer, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            case .int(let value):
                status = sqlite3_bind_int64(pointer, index, value)
            case .double(let value):
                status = sqlite3_bind_double(pointer, index, value)
            case .null:
                status = sqlite3_bind_null(pointer, index)
            }
            guard status == SQLITE_OK else { throw failure("binding parameter \(index) of", status) }
        }

        /// Binds UTF-8 text given as raw bytes, or NULL for nil. The bytes are copied by sqlite before
        /// this returns, unless `inPlace`: then sqlite reads them where they are, and they must stay
        /// there until the parameter is bound again or the bindings are cleared (`clearBindings`).
        public func bind(utf8 text: UnsafeRawBufferPointer?, at index: Int32, inPlace: Bool = false) throws(StoreError) {
            let status: Int32
            if let text, let start = text.baseAddress, !text.isEmpty {
                // SQLITE_STATIC (nil) or SQLITE_TRANSIENT (-1).
                status = sqlite3_bind_text(pointer, index, start.assumingMemoryBound(to: CChar.self), Int32(text.count),
                                           inPlace ? nil : unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            } else if text != nil {
                // A null pointer would bind NULL: an empty text needs a real one.
                status = sqlite3_bind_text(pointer, index, "", 0, nil)
            } else {
                status = sqlite3_bind_null(pointer, index)
            }
            guard status == SQLITE_OK else { throw failure("binding parameter \(index) of", status) }
        }

        /// Binds a blob given as raw bytes (an empty one for an empty buffer). The bytes are copied by
        /// sqlite before this returns, unless `inPlace`: then they must stay where they are until the
        /// parameter is bound again or the bindings are cleared (`clearBindings`).
        public func bind(blob bytes: UnsafeRawBufferPointer, at index: Int32, inPlace: Bool = false) throws(StoreError) {
            let status = bytes.isEmpty
                ? sqlite3_bind_zeroblob(pointer, index, 0)
                : sqlite3_bind_blob(pointer, index, bytes.baseAddress, Int32(bytes.count),
                                    inPlace ? nil : unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            guard status == SQLITE_OK else { throw failure("binding parameter \(index) of", status) }
        }

        /// The placeholders' names in index order (`:id`, `@name`, `$x`; nil for a bare `?`).
        public var parameterNames: [String?] {
            let count = sqlite3_bind_parameter_count(pointer)
            guard count > 0 else { return [] }
            // The name buffers belong to the statement and live as long as it does; copied here.
            return (1...count).map { index in sqlite3_bind_parameter_name(pointer, index).map { String(cString: $0) } }
        }

        /// Binds NULL to every parameter (before binding the next set of values, or to let go of text
        /// bound in place).
        public func clearBindings() {
            sqlite3_clear_bindings(pointer)
        }

        /// How many columns a row of this statement has (0 for statements that return no rows).
        public var columnCount: Int32 { sqlite3_column_count(pointer) }

        /// The name of column `column` (0-based) as the query gives it.
        public func columnName(_ column: Int32) -> String {
            sqlite3_column_name(pointer, column).map { String(cString: $0) } ?? "column\(column + 1)"
        }

        /// The value of column `column` (0-based) of the current row, in its storage class.
        public func column(_ column: Int32) -> SQLiteColumn {
            switch sqlite3_column_type(pointer, column) {
            case SQLITE_INTEGER: return .int(sqlite3_column_int64(pointer, column))
            case SQLITE_FLOAT: return .double(sqlite3_column_double(pointer, column))
            case SQLITE_NULL: return .null
            case SQLITE_BLOB:
                // The blob buffer belongs to sqlite until the next step; copied here.
                let count = Int(sqlite3_column_bytes(pointer, column))
                guard count > 0, let bytes = sqlite3_column_blob(pointer, column) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
            default:
                return .text(text(column) ?? "")
            }
        }

        /// Advances to the next row: true when a row is available, false when the statement is done.
        public func step() throws(StoreError) -> Bool {
            let status = sqlite3_step(pointer)
            switch status {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw failure("running", status)
            }
        }

        /// The text of column `column` (0-based) of the current row; nil when it is NULL.
        public func text(_ column: Int32) -> String? {
            // The returned buffer belongs to sqlite and is valid until the next step; it is copied here.
            guard let bytes = sqlite3_column_text(pointer, column) else { return nil }
            return String(cString: bytes)
        }

        /// Calls `body` with the bytes of blob (or text) column `column` of the current row, where
        /// sqlite keeps them: valid only inside `body`, before the next step. Empty for NULL.
        public func withBytes<T, E: Error>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
            // `sqlite3_column_blob` before `sqlite3_column_bytes`, as sqlite asks.
            let start = sqlite3_column_blob(pointer, column)
            let count = Int(sqlite3_column_bytes(pointer, column))
            return try body(UnsafeRawBufferPointer(start: count > 0 ? start : nil, count: count > 0 ? count : 0))
        }

        /// The integer in column `column` (0-based) of the current row; 0 when it is NULL.
        public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

        /// Whether column `column` of the current row is NULL.
        public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }

        /// Resets the statement so it can run again, keeping (or rebinding) its parameters.
        public func reset() {
            sqlite3_reset(pointer)
        }

        private func failure(_ action: String, _ status: Int32) -> StoreError {
            // A constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY) is the data's fault, not the store's.
            if status & 0xff == SQLITE_CONSTRAINT {
                return .conflict(path: path, reason: String(cString: sqlite3_errmsg(database)))
            }
            return .storage(message: "\(action) \(SQLiteDatabase.summary(sql)) on \(path) failed: \(String(cString: sqlite3_errmsg(database))) (code \(status))")
        }
    }
}
