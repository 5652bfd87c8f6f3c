import DataStore
import Foundation
import RegoEngine
import RegoValue
import Synchronization

/// Runs a SQLite connector's named statements with `:name` parameters bound from a transform's
/// output, never SQL built from strings. Each operation runs in one transaction: any failure
/// rolls all of it back.
///
/// ```swift
/// let db = try SQLiteConnector(name: "orders-db", definition: definition)
/// let answer = try db.run(operation: "insert", with: ["item": "widget", "quantity": 2])
/// ```
public final class SQLiteConnector: Sendable {
    public let name: String
    public let definition: SQLiteConnectorDefinition
    private let database: SQLiteDatabase
    /// Transactions on one connection must not interleave (sqlite's own mutex guards single calls only),
    /// and each cached statement is used by one operation at a time: both hold this lock.
    private let writer = Mutex(())
    /// What start-up learned of each operation's statements, by operation name.
    private let shapes: [String: [StatementShape]]

    /// One statement as start-up found it: its `:field` placeholders in index order, and whether
    /// it inserts (so that `last_id` is read after it).
    private struct StatementShape: Sendable {
        let sql: String
        let fields: [String]
        let inserts: Bool
    }

    /// Opens (creating) the database file, runs the schema statements, and checks that every
    /// operation's statements compile against it.
    public init(name: String, definition: SQLiteConnectorDefinition) throws(ConnectorError) {
        self.name = name
        self.definition = definition
        let parent = (definition.path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw ConnectorError(.failed, step: name, "creating folder \(parent) for the database failed: \(error.localizedDescription)")
            }
        }
        var shapes: [String: [StatementShape]] = [:]
        do throws(StoreError) {
            database = try SQLiteDatabase(path: definition.path)
            for statement in definition.schema { try database.execute(statement) }
            for operation in definition.operations where shapes[operation.name] == nil {
                var statements: [StatementShape] = []
                for (index, sql) in operation.statements.enumerated() {
                    let names: [String?]
                    do { names = try database.withStatement(sql) { statement throws(StoreError) in statement.parameterNames } } catch {
                        throw StoreError.storage(message: "statement \(index + 1) of operation \(operation.name) does not compile: \(SQLiteConnector.reason(error)); the schema statements run first, so create its tables there")
                    }
                    var fields: [String] = []
                    for name in names {
                        guard let name, !name.hasPrefix("?") else {
                            throw StoreError.storage(message: "statement \(index + 1) of operation \(operation.name) uses a positional ? parameter; name it (:field) so it is bound from the transform's output")
                        }
                        fields.append(String(name.dropFirst()))
                    }
                    statements.append(StatementShape(sql: sql, fields: fields, inserts: SQLiteConnectorDefinition.statement(sql, startsWith: "INSERT")))
                }
                shapes[operation.name] = statements
            }
        } catch {
            throw ConnectorError(.failed, step: name, SQLiteConnector.reason(error))
        }
        self.shapes = shapes
    }

    /// A store error's text without the generic "storage error" prefix.
    static func reason(_ error: StoreError) -> String {
        if case .storage(let message) = error { return message }
        return error.message
    }

    /// Closes the database file.
    public func close() { database.close() }

    /// Runs `operation` with `input`: an object fills one run, an array of objects one run each,
    /// all in one transaction.
    public func run(operation name: String, with input: Value) throws(ConnectorError) -> Value {
        let step = self.name + "." + name
        guard let operation = definition.operations.first(where: { $0.name == name }), let statements = shapes[name] else {
            throw ConnectorError(.failed, step: step, "no such operation; the connector has \(definition.operations.map(\.name).joined(separator: ", "))")
        }
        let runs: [RegoObject]
        switch input {
        case .object(let o): runs = [o]
        case .array(let items):
            var objects: [RegoObject] = []
            for (i, item) in items.enumerated() {
                guard case .object(let o) = item else {
                    throw ConnectorError(.badInput, step: step, "element \(i) of the transform's output is \(item.typeName); each must be an object whose fields fill the :name parameters")
                }
                objects.append(o)
            }
            runs = objects
        default:
            throw ConnectorError(.badInput, step: step, "the transform's output is \(input.typeName); it must be an object (or an array of objects) whose fields fill the :name parameters")
        }
        return try writer.withLock { _ throws(ConnectorError) -> Value in
            do throws(StoreError) {
                return try database.transaction { () throws(StoreError) -> Value in
                    try execute(statements, returns: operation.returns, runs: runs)
                }
            } catch {
                switch error {
                case .conflict(_, let reason): throw ConnectorError(.conflict, step: step, "the database refused the change: \(reason)")
                case .badPath(_, let reason): throw ConnectorError(.badInput, step: step, reason)
                default: throw ConnectorError(.failed, step: step, SQLiteConnector.reason(error))
                }
            }
        }
    }

    /// The body of one transaction.
    private func execute(_ statements: [StatementShape], returns: SQLiteConnectorDefinition.Returns, runs: [RegoObject]) throws(StoreError) -> Value {
        var rows: [Value] = []
        var changes: Int64 = 0
        var lastID: Int64?
        for fields in runs {
            for (index, shape) in statements.enumerated() {
                let isLast = index == statements.count - 1
                try database.withCachedStatement(shape.sql) { statement throws(StoreError) in
                    for (offset, field) in shape.fields.enumerated() {
                        guard let value = fields[field] else {
                            // badPath carries the reason out of the transaction as a 422.
                            throw StoreError.badPath(path: field, reason: "the transform's output has no field \"\(field)\" for the parameter :\(field) of statement \(index + 1); add it to the mapping rule")
                        }
                        try statement.bind(SQLiteConnector.parameter(value), at: Int32(offset + 1))
                    }
                    let columns = statement.columnCount
                    while try statement.step() {
                        guard isLast, returns == .rows else { continue }
                        var row: [(String, Value)] = []
                        for c in 0..<columns { row.append((statement.columnName(c), SQLiteConnector.value(statement.column(c)))) }
                        rows.append(.object(RegoObject(row)))
                    }
                    if columns == 0 {
                        changes += database.changes
                        if shape.inserts { lastID = database.lastInsertRowID }
                    }
                }
            }
        }
        switch returns {
        case .rows: return .array(rows)
        case .changes: return .object(RegoObject([("changes", .int(Int(changes)))]))
        case .lastID:
            return .object(RegoObject([("changes", .int(Int(changes))), ("last_id", lastID.map { .int(Int($0)) } ?? .null)]))
        }
    }

    /// A transform output field as a bound parameter: collections as their JSON text.
    static func parameter(_ value: Value) -> SQLiteParameter {
        switch value {
        case .null: .null
        case .bool(let b): .int(b ? 1 : 0)
        case .string(let s): .text(s)
        case .number(let n):
            if let i = n.exactInt, case .int = n { .int(Int64(i)) } else { .double(n.doubleValue) }
        case .array, .set, .object: .text(value.jsonText)
        }
    }

    /// A column as a value: blobs as base64 text.
    static func value(_ column: SQLiteColumn) -> Value {
        switch column {
        case .int(let i): .int(Int(i))
        case .double(let d): .double(d)
        case .text(let s): .string(s)
        case .blob(let bytes): .string(Base64.encode(bytes, alphabet: Base64.standard, pad: true))
        case .null: .null
        }
    }
}
