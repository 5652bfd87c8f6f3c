import Foundation

/// One connector from `tollgate.yaml`'s `connectors:`.
public enum ConnectorDefinition: Sendable, Equatable {
    case sqlite(SQLiteConnectorDefinition)
    case http(HTTPConnectorDefinition)

    /// The names of the operations it offers.
    public var operationNames: [String] {
        switch self {
        case .sqlite(let d): d.operations.map(\.name)
        case .http(let d): d.operations.map(\.name)
        }
    }
}

/// A SQLite database file and its named statements.
///
/// ```yaml
/// orders-db:
///   type: sqlite
///   path: var/orders.sqlite
///   schema:
///     - CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL)
///   operations:
///     insert: { sql: "INSERT INTO orders (item) VALUES (:item)", returns: last_id }
/// ```
public struct SQLiteConnectorDefinition: Sendable, Equatable {
    /// What an operation answers with.
    public enum Returns: String, Sendable, Equatable, CaseIterable {
        /// The rows of the last statement, as objects keyed by column name.
        case rows
        /// `{"changes": n}`: rows inserted, updated or deleted.
        case changes
        /// `{"last_id": n, "changes": n}`: the rowid of the last insert.
        case lastID = "last_id"
    }

    public struct Operation: Sendable, Equatable {
        public var name: String
        /// Statements run in order in one transaction, each with `:name` parameters bound from
        /// the transform's output (one run per element when the output is an array).
        public var statements: [String]
        public var returns: Returns

        public init(name: String, statements: [String], returns: Returns) {
            self.name = name
            self.statements = statements
            self.returns = returns
        }
    }

    /// Whether `sql` begins with `keyword` (upper case), ignoring leading white space and case.
    public static func statement(_ sql: String, startsWith keyword: String) -> Bool {
        sql.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().hasPrefix(keyword)
    }

    public var path: String
    /// Statements run once when the connector opens (`CREATE TABLE IF NOT EXISTS …`).
    public var schema: [String] = []
    public var operations: [Operation] = []

    public init(path: String) { self.path = path }
}

/// An HTTP upstream: a base URL, per-operation method and path template, and resilience settings.
///
/// ```yaml
/// inventory:
///   type: http
///   url: http://127.0.0.1:9000
///   timeout: 2s
///   retries: 2
///   operations:
///     reserve: { method: POST, path: "/items/{item}/reserve" }
/// ```
public struct HTTPConnectorDefinition: Sendable, Equatable {
    public struct Operation: Sendable, Equatable {
        public var name: String
        public var method: String
        /// Appended to the base URL; `{field}` is replaced by the transform output's field, percent-encoded.
        public var path: String
        /// Extra headers for this operation.
        public var headers: [String: String] = [:]
        /// Whether the transform's output is sent as a JSON body (default: for POST, PUT and PATCH).
        public var sendsBody: Bool

        public init(name: String, method: String, path: String, sendsBody: Bool? = nil) {
            self.name = name
            self.method = method
            self.path = path
            self.sendsBody = sendsBody ?? ["POST", "PUT", "PATCH"].contains(method)
        }
    }

    /// `http://host:port/base` without a trailing slash.
    public var baseURL: String
    public var headers: [String: String] = [:]
    /// Per-attempt timeout.
    public var timeoutNanoseconds: UInt64 = 5_000_000_000
    public var retry = RetryPolicy()
    public var breaker = CircuitBreaker.Settings()
    public var operations: [Operation] = []

    public init(baseURL: String) { self.baseURL = baseURL }
}
