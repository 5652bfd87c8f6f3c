import Testing
import RegoValue
@testable import DataStore

@Suite struct JSONPatchTests {
    func patch(_ json: String) throws -> JSONPatch { try JSONPatch(parsing: try JSONReader.parse(json)) }

    @Test func addSetsKeysAndInsertsIntoArrays() throws {
        let result = try patch(#"""
            [{"op": "add", "path": "/b", "value": 2},
             {"op": "add", "path": "/list/0", "value": "first"},
             {"op": "add", "path": "/list/-", "value": "last"}]
            """#).apply(to: ["a": 1, "list": ["mid"]])
        #expect(result == ["a": 1, "b": 2, "list": ["first", "mid", "last"]])
    }

    @Test func removeAndReplace() throws {
        let result = try patch(#"""
            [{"op": "remove", "path": "/a"}, {"op": "replace", "path": "/b/0", "value": 9}]
            """#).apply(to: ["a": 1, "b": [1, 2]])
        #expect(result == ["b": [9, 2]])
    }

    @Test func moveAndCopy() throws {
        let result = try patch(#"""
            [{"op": "move", "from": "/a", "path": "/x/a"}, {"op": "copy", "from": "/x", "path": "/y"}]
            """#).apply(to: ["a": 1, "x": [:] as Value])
        #expect(result == ["x": ["a": 1], "y": ["a": 1]])
    }

    @Test func testOperationPassesOnEqualValue() throws {
        let result = try patch(#"[{"op": "test", "path": "/a", "value": [1, {"k": true}]}]"#).apply(to: ["a": [1, ["k": true]]])
        #expect(result == ["a": [1, ["k": true]]])
    }

    @Test func failingTestNamesItsIndex() throws {
        let p = try patch(#"[{"op": "add", "path": "/b", "value": 1}, {"op": "test", "path": "/a", "value": 2}]"#)
        do {
            _ = try p.apply(to: ["a": 1])
            Issue.record("expected an error")
        } catch {
            guard case .badPatch(let index, let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(index == 1)
            #expect(path == "/a")
        }
    }

    @Test func removingMissingKeyFails() throws {
        let p = try patch(#"[{"op": "remove", "path": "/nope"}]"#)
        #expect { try p.apply(to: ["a": 1]) } throws: { ($0 as? StoreError)?.code == "bad_patch" }
    }

    @Test func replaceMissingFails() throws {
        let p = try patch(#"[{"op": "replace", "path": "/a/b", "value": 1}]"#)
        #expect { try p.apply(to: ["a": [:] as Value]) } throws: { ($0 as? StoreError)?.code == "bad_patch" }
    }

    @Test func moveIntoOwnChildFails() throws {
        let p = try patch(#"[{"op": "move", "from": "/a", "path": "/a/b"}]"#)
        #expect { try p.apply(to: ["a": [:] as Value]) } throws: { ($0 as? StoreError)?.code == "bad_patch" }
    }

    @Test func rootPointerReplacesWholeDocument() throws {
        #expect(try patch(#"[{"op": "add", "path": "", "value": 5}]"#).apply(to: nil) == 5)
        #expect(try patch(#"[{"op": "remove", "path": "/"}]"#).apply(to: 1) == nil)
    }

    @Test func malformedOperationsAreRejectedWithIndex() throws {
        for (json, expectedIndex) in [
            (#"[{"op": "add", "path": "/a", "value": 1}, {"op": "frobnicate", "path": "/a"}]"#, 1),
            (#"[{"op": "add", "path": "/a"}]"#, 0),
            (#"[{"path": "/a"}]"#, 0),
            (#"[1]"#, 0),
        ] {
            do {
                _ = try patch(json)
                Issue.record("expected an error for \(json)")
            } catch let error as StoreError {
                guard case .badPatch(let index, _, _) = error else { Issue.record("wrong error \(error)"); continue }
                #expect(index == expectedIndex)
            }
        }
        #expect { try patch(#"{"op": "add"}"#) } throws: { ($0 as? StoreError)?.code == "bad_patch" }
    }
}
