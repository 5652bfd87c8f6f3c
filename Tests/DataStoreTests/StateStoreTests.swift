import Foundation
import Testing
import RegoValue
@testable import DataStore

@Suite struct StateStoreTests {
    func path(_ text: String) throws -> DataPath { try DataPath(urlPath: text) }

    @Test func createsParentFoldersOfTheDatabase() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("var/deep/tollgate.sqlite"))
        #expect(FileManager.default.fileExists(atPath: folder.url("var/deep/tollgate.sqlite")))
        #expect(store.snapshot.revision == 1)
    }

    @Test func putLayersOverFileData() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/users/roles.json", #"{"alice": "admin"}"#)
        let store = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
        let snapshot = try store.put(path: path("users/bob"), value: "viewer")
        #expect(snapshot.data == ["users": ["alice": "admin", "bob": "viewer"]])
        #expect(snapshot.revision == 2)
        #expect(store.snapshot.data == snapshot.data)
    }

    @Test func putOnlyIfAbsentFailsWhenPresent() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try store.put(path: path("a"), value: 1, onlyIfAbsent: true)
        #expect(throws: StoreError.exists(path: "a")) { try store.put(path: path("a"), value: 2, onlyIfAbsent: true) }
        #expect(store.snapshot.data == ["a": 1])
    }

    @Test func patchAppliesToTheDocumentAtThePath() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try store.put(path: path("servers"), value: ["s1"])
        let patch = try JSONPatch(parsing: try JSONReader.parse(#"[{"op": "add", "path": "-", "value": "s2"}]"#))
        try store.patch(path: path("servers"), operations: patch)
        #expect(store.snapshot.data == ["servers": ["s1", "s2"]])
        #expect(store.operations == [.put(try path("servers"), ["s1", "s2"])])
    }

    @Test func failedPatchChangesNothing() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try store.put(path: path("a"), value: ["x": 1])
        let patch = try JSONPatch(parsing: try JSONReader.parse(#"[{"op": "add", "path": "/y", "value": 2}, {"op": "remove", "path": "/nope"}]"#))
        #expect { try store.patch(path: path("a"), operations: patch) } throws: { ($0 as? StoreError)?.code == "bad_patch" }
        #expect(store.snapshot.data == ["a": ["x": 1]])
        #expect(store.snapshot.revision == 2)
    }

    @Test func deleteRemovesAndMissingIsNotFound() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/data.json", #"{"a": {"b": 1, "c": 2}}"#)
        let store = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
        try store.delete(path: path("a/b"))
        #expect(store.snapshot.data == ["a": ["c": 2]])
        #expect(throws: StoreError.notFound(path: "a/b")) { try store.delete(path: path("a/b")) }
        #expect { try store.delete(path: .root) } throws: { ($0 as? StoreError)?.code == "conflict" }
    }

    @Test func newOperationCompactsEarlierOnesAtAndBelowItsPath() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try store.put(path: path("a/x"), value: 1)
        try store.put(path: path("a/y"), value: 2)
        try store.put(path: path("b"), value: 3)
        try store.put(path: path("a/x"), value: 4)
        #expect(store.operations.map(\.path.urlPath) == ["a/y", "b", "a/x"])
        try store.put(path: path("a"), value: ["z": 5])
        #expect(store.operations.map(\.path.urlPath) == ["b", "a"])
        try store.delete(path: path("a"))
        #expect(store.operations == [.put(try path("b"), 3), .delete(try path("a"))])
        #expect(store.snapshot.data == ["b": 3])
        let rows = try SQLiteDatabase(path: folder.url("db.sqlite")).query("SELECT path, op FROM data_ops ORDER BY seq") { row in
            "\(row.text(1) ?? "") \(row.text(0) ?? "")"
        }
        #expect(rows == ["put /b", "delete /a"])
    }

    @Test func appendIsLoggedAtItsResolvedIndex() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try store.put(path: path("list"), value: [])
        try store.put(path: path("list/-"), value: "a")
        try store.put(path: path("list/-"), value: "b")
        #expect(store.snapshot.data == ["list": ["a", "b"]])
        let reopened = try StateStore(databasePath: folder.url("db.sqlite"))
        #expect(reopened.snapshot.data == ["list": ["a", "b"]])
    }

    @Test func restartRestoresDataAndPolicies() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/data.json", #"{"files": true, "a": {"keep": 1}}"#)
        do {
            let store = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
            try store.put(path: path("a/api"), value: ["n": 1.5, "big": 12345678901234])
            try store.delete(path: path("files"))
            try store.putPolicy(id: "authz/main.rego", text: "package authz")
            try store.putPolicy(id: "gone", text: "package gone")
            try store.deletePolicy(id: "gone")
            store.close()
        }
        let reopened = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
        #expect(reopened.snapshot.data == ["a": ["keep": 1, "api": ["n": 1.5, "big": 12345678901234]]])
        #expect(reopened.snapshot.apiPolicies == ["authz/main.rego": "package authz"])
        #expect(reopened.policyIDs == ["authz/main.rego"])
    }

    @Test func policiesPutReplaceDelete() throws {
        let folder = try TemporaryFolder()
        try folder.write("policies/file.rego", "package file")
        let store = try StateStore(databasePath: folder.url("db.sqlite"), policiesFolder: folder.url("policies"))
        try store.putPolicy(id: "p", text: "package p")
        try store.putPolicy(id: "p", text: "package p2")
        #expect(store.policy(id: "p") == "package p2")
        #expect(store.snapshot.filePolicies == ["file.rego": "package file"])
        try store.deletePolicy(id: "p")
        #expect(store.policy(id: "p") == nil)
        #expect(throws: StoreError.notFound(path: "p")) { try store.deletePolicy(id: "p") }
        #expect { try store.putPolicy(id: "", text: "x") } throws: { ($0 as? StoreError)?.code == "bad_path" }
    }

    @Test func failedWriteLeavesSnapshotAndFileUnchanged() throws {
        let folder = try TemporaryFolder()
        let file = folder.url("db.sqlite")
        let store = try StateStore(databasePath: file)
        try store.put(path: path("a/x"), value: 1)
        // A trigger makes the insert fail after compaction has deleted the earlier row in the
        // same transaction: the rollback must bring that row back.
        let other = try SQLiteDatabase(path: file)
        try other.execute("CREATE TRIGGER boom BEFORE INSERT ON data_ops WHEN NEW.path = '/a' BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        let before = store.snapshot
        // sqlite reports a trigger's RAISE(ABORT) as a constraint failure: a conflict with the data.
        #expect { try store.put(path: path("a"), value: 2) } throws: { ($0 as? StoreError)?.code == "conflict" }
        #expect(store.snapshot.data == before.data)
        #expect(store.snapshot.revision == before.revision)
        #expect(store.operations == [.put(try path("a/x"), 1)])
        try other.execute("DROP TRIGGER boom")
        store.close()
        let reopened = try StateStore(databasePath: file)
        #expect(reopened.snapshot.data == ["a": ["x": 1]])
    }

    @Test func writeThroughAScalarIsRejected() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try store.put(path: path("s"), value: "text")
        #expect { try store.put(path: path("s/x"), value: 1) } throws: { ($0 as? StoreError)?.code == "conflict" }
        #expect { try store.put(path: .root, value: 1) } throws: { ($0 as? StoreError)?.code == "conflict" }
        #expect(store.operations.count == 1)
    }

    @Test func concurrentWritersLoseNothing() async throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(databasePath: folder.url("db.sqlite"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask { try store.put(path: DataPath(segments: ["items", "k\(i)"]), value: .int(i)) }
            }
            try await group.waitForAll()
        }
        let items = try #require(store.snapshot.data.value(at: DataPath(segments: ["items"]))?.objectValue)
        #expect(items.count == 200)
        #expect(store.snapshot.revision == 201)
        store.close()
        let reopened = try StateStore(databasePath: folder.url("db.sqlite"))
        #expect(reopened.snapshot.data.value(at: DataPath(segments: ["items"]))?.objectValue?.count == 200)
    }

    @Test func reloadReplaysOperationsOnNewFileData() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/data.json", #"{"a": 1, "obj": {}}"#)
        let store = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
        try store.put(path: path("obj/k"), value: "api")
        #expect(!store.reloadFiles())
        try folder.write("data/data.json", #"{"a": 2, "obj": {"f": 0}}"#)
        #expect(store.reloadFiles())
        #expect(store.snapshot.data == ["a": 2, "obj": ["f": 0, "k": "api"]])
        // An op that no longer applies is skipped and reported.
        try folder.write("data/data.json", #"{"a": 3, "obj": "now a string"}"#)
        store.reloadFiles()
        #expect(store.snapshot.data == ["a": 3, "obj": "now a string"])
        #expect(store.snapshot.skippedOperations.count == 1)
    }

    @Test func brokenFileKeepsPreviousFileContents() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/data.json", #"{"a": 1}"#)
        let store = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
        try folder.write("data/data.json", #"{"a": "#)
        #expect(store.reloadFiles())
        #expect(store.snapshot.data == ["a": 1])
        #expect(store.snapshot.fileErrors.count == 1)
        try folder.write("data/data.json", #"{"a": 5}"#)
        store.reloadFiles()
        #expect(store.snapshot.data == ["a": 5])
        #expect(store.snapshot.fileErrors.isEmpty)
    }
}
