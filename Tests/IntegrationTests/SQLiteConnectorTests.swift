import DataStore
import Foundation
import Integration
import RegoValue
import Testing

@Suite struct SQLiteConnectorTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-sqlite-\(UUID().uuidString)")

    func connector(_ operations: [SQLiteConnectorDefinition.Operation]) throws -> SQLiteConnector {
        var definition = SQLiteConnectorDefinition(path: folder.appendingPathComponent("db/orders.sqlite").path)
        definition.schema = ["CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL UNIQUE, quantity INTEGER, price REAL, note TEXT)"]
        definition.operations = operations
        return try SQLiteConnector(name: "db", definition: definition)
    }

    static let insert = SQLiteConnectorDefinition.Operation(
        name: "insert", statements: ["INSERT INTO orders (item, quantity, price, note) VALUES (:item, :quantity, :price, :note)"], returns: .lastID)
    static let list = SQLiteConnectorDefinition.Operation(
        name: "list", statements: ["SELECT item, quantity, price, note FROM orders WHERE quantity >= :min ORDER BY id"], returns: .rows)

    @Test func insertBindsNamedFieldsAndReturnsTheLastID() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try connector([Self.insert, Self.list])
        let first = try db.run(operation: "insert", with: ["item": "widget", "quantity": 3, "price": 2.5, "note": .null])
        #expect(first == ["changes": 1, "last_id": 1])
        let second = try db.run(operation: "insert", with: ["item": "gadget", "quantity": 1, "price": 10, "note": ["gift": true]])
        #expect(second == ["changes": 1, "last_id": 2])
        let rows = try db.run(operation: "list", with: ["min": 1])
        #expect(rows == [
            ["item": "widget", "quantity": 3, "price": 2.5, "note": .null],
            ["item": "gadget", "quantity": 1, "price": 10, "note": #"{"gift":true}"#],
        ])
    }

    @Test func anArrayRunsOncePerElementInOneTransaction() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try connector([Self.insert, Self.list])
        let out = try db.run(operation: "insert", with: [
            ["item": "a", "quantity": 1, "price": 1, "note": .null],
            ["item": "b", "quantity": 2, "price": 1, "note": .null],
        ])
        #expect(out == ["changes": 2, "last_id": 2])
    }

    @Test func aFailingRowRollsBackTheWholeOperation() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try connector([Self.insert, Self.list])
        let error = #expect(throws: ConnectorError.self) {
            try db.run(operation: "insert", with: [
                ["item": "a", "quantity": 1, "price": 1, "note": .null],
                ["item": "a", "quantity": 2, "price": 1, "note": .null],
            ])
        }
        #expect(error?.kind == .conflict)
        #expect(error?.status == 409)
        #expect(try db.run(operation: "list", with: ["min": 0]) == .array([]))
    }

    @Test func aMissingFieldIsBadInputAndWritesNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try connector([Self.insert, Self.list])
        let error = #expect(throws: ConnectorError.self) {
            try db.run(operation: "insert", with: [["item": "a", "quantity": 1, "price": 1, "note": .null], ["item": "b"]])
        }
        #expect(error?.kind == .badInput)
        #expect(error?.step == "db.insert")
        #expect(try db.run(operation: "list", with: ["min": 0]) == .array([]))
    }

    @Test func aScalarOutputIsBadInput() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try connector([Self.insert])
        let error = #expect(throws: ConnectorError.self) { try db.run(operation: "insert", with: "widget") }
        #expect(error?.kind == .badInput)
    }

    @Test func positionalParametersAreRefusedAtStart() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = SQLiteConnectorDefinition.Operation(name: "bad", statements: ["SELECT * FROM orders WHERE item = ?"], returns: .rows)
        let error = #expect(throws: ConnectorError.self) { try connector([bad]) }
        #expect(error?.kind == .failed)
    }

    @Test func aStatementThatDoesNotCompileIsRefusedAtStart() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = SQLiteConnectorDefinition.Operation(name: "bad", statements: ["SELECT * FROM nowhere WHERE item = :item"], returns: .rows)
        #expect(throws: ConnectorError.self) { try connector([bad]) }
    }

    @Test func changesCountsUpdatedRows() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let bump = SQLiteConnectorDefinition.Operation(name: "bump", statements: ["UPDATE orders SET quantity = quantity + :by"], returns: .changes)
        let db = try connector([Self.insert, bump])
        _ = try db.run(operation: "insert", with: [["item": "a", "quantity": 1, "price": 1, "note": .null], ["item": "b", "quantity": 1, "price": 1, "note": .null]])
        #expect(try db.run(operation: "bump", with: ["by": 5]) == ["changes": 2])
    }
}
