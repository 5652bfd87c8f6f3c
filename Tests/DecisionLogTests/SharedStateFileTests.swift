import DataStore
@testable import DecisionLog
import RegoValue
import Testing

/// The decision log lives in the sidecar's state file, beside the data store's tables.
@Suite struct SharedStateFileTests {
    @Test func dataStoreAndDecisionLogShareOneFile() async throws {
        let db = try TemporaryDatabase()
        let state = try StateStore(databasePath: db.path)
        _ = try state.put(path: try DataPath(pointer: "/roles/alice"), value: "admin")
        let log = try DecisionLog(path: db.path)
        for i in 0..<50 { try log.record(sampleRecord(i)) }
        _ = try state.put(path: try DataPath(pointer: "/roles/bob"), value: "viewer")
        #expect(try log.store.verify() == ChainReport(count: 50, failure: nil))
        await log.close()
        state.close()
        // Reopening both finds both kinds of state intact.
        let reopened = try StateStore(databasePath: db.path)
        #expect(reopened.snapshot.data.lookup(["roles", "bob"]) == "viewer")
        reopened.close()
        let store = try DecisionStore(path: db.path)
        #expect(try store.count() == 50)
        let tables = try store.reader.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { $0.text(0) ?? "" }
        #expect(tables.contains("data_ops") && tables.contains("policies"))
        #expect(tables.contains("decision_log_chunk") && tables.contains("decision_log_anchor"))
        store.close()
    }

    @Test func aNewStateFileHasLargePagesAndAnOldOneKeepsItsOwn() async throws {
        let fresh = try TemporaryDatabase()
        let state = try StateStore(databasePath: fresh.path)
        let log = try DecisionLog(path: fresh.path)
        try log.record(sampleRecord(1))
        #expect(try log.store.reader.query("PRAGMA page_size") { $0.int(0) } == [Int64(SQLiteDatabase.stateFilePageSize)])
        await log.close()
        state.close()
        // A state file made with SQLite's default pages stays as it is and works.
        let old = try TemporaryDatabase()
        let plain = try SQLiteDatabase(path: old.path)
        try plain.execute("CREATE TABLE earlier (x INTEGER)")
        plain.close()
        let store = try DecisionStore(path: old.path)
        try store.append([sampleRecord(1), sampleRecord(2)])
        #expect(try store.reader.query("PRAGMA page_size") { $0.int(0) } == [4096])
        #expect(try store.verify() == ChainReport(count: 2, failure: nil))
        store.close()
    }
}
