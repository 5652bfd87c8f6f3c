import Testing
import RegoValue
@testable import DataStore

@Suite struct ValueDataPathTests {
    let document: Value = ["a": ["b": 1, "list": [10, 20]], "s": "text"]

    @Test func getsNestedKeysAndArrayIndices() {
        #expect(document.value(at: DataPath(segments: ["a", "b"])) == 1)
        #expect(document.value(at: DataPath(segments: ["a", "list", "1"])) == 20)
        #expect(document.value(at: DataPath(segments: ["a", "list", "2"])) == nil)
        #expect(document.value(at: DataPath(segments: ["a", "list", "01"])) == nil)
        #expect(document.value(at: DataPath(segments: ["missing"])) == nil)
        #expect(document.value(at: .root) == document)
    }

    @Test func setCreatesMissingObjects() throws {
        var value = document
        try value.set("x", at: DataPath(segments: ["new", "deep", "key"]))
        #expect(value.value(at: DataPath(segments: ["new", "deep", "key"])) == "x")
        #expect(value.value(at: DataPath(segments: ["a", "b"])) == 1)
    }

    @Test func setReplacesAndAppendsArrayElements() throws {
        var value = document
        try value.set(11, at: DataPath(segments: ["a", "list", "0"]))
        let appended = try value.set(30, at: DataPath(segments: ["a", "list", "-"]))
        #expect(appended.segments == ["a", "list", "2"])
        #expect(value.value(at: DataPath(segments: ["a", "list"])) == [11, 20, 30])
    }

    @Test func setBeyondArrayEndIsNotFound() {
        var value = document
        #expect(throws: StoreError.notFound(path: "a/list/5")) { try value.set(1, at: DataPath(segments: ["a", "list", "5"])) }
        #expect(value == document)
    }

    @Test func setThroughScalarIsConflictAndChangesNothing() {
        var value = document
        do {
            try value.set(1, at: DataPath(segments: ["s", "x", "y"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "conflict")
        }
        #expect(value == document)
    }

    @Test func removeDeletesKeysAndElements() throws {
        var value = document
        try value.remove(at: DataPath(segments: ["a", "list", "0"]))
        try value.remove(at: DataPath(segments: ["s"]))
        #expect(value == ["a": ["b": 1, "list": [20]]])
    }

    @Test func removeMissingIsNotFound() {
        var value = document
        #expect(throws: StoreError.notFound(path: "a/zzz")) { try value.remove(at: DataPath(segments: ["a", "zzz"])) }
        #expect(throws: StoreError.notFound(path: "q")) { try value.remove(at: DataPath(segments: ["q", "zzz"])) }
    }
}
