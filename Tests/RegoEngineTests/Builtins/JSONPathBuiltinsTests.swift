import Testing
@testable import RegoEngine
import RegoValue


@Suite struct JSONPathBuiltinsTests {
    let doc: Value = ["a": ["b": ["c": 7, "d": 8]], "e": 9]

    @Test func filterKeepsSelectedPaths() throws {
        #expect(try callBuiltin("json.filter", doc, set("a/b/c")) == ["a": ["b": ["c": 7]]])
        #expect(try callBuiltin("json.filter", doc, ["a/b/c", "e"]) == ["a": ["b": ["c": 7]], "e": 9])
        #expect(try callBuiltin("json.filter", ["a": ["b": ["c": 7, "d": 8], "e": 9]], set("a/b/c", "a/e")) == ["a": ["b": ["c": 7], "e": 9]])
        #expect(try callBuiltin("json.filter", [:], set("a/b")) == [:])
        #expect(try callBuiltin("json.filter", doc, set(["a", "b", "c"], ["e"])) == ["a": ["b": ["c": 7]], "e": 9])
        let mixed: Value = ["a": ["b": ["c": 7, "d": 8, "x": 0]], "e": 9]
        #expect(try callBuiltin("json.filter", mixed, set("a/b/d", ["a", "b", "c"])) == ["a": ["b": ["c": 7, "d": 8]]])
    }

    @Test func filterSelectsArrayIndexes() throws {
        let input: Value = ["a": [["1": ["b", "c", "d"]], ["x": "y"]]]
        #expect(try callBuiltin("json.filter", input, set("a/0/1/2")) == ["a": [["1": ["d"]]]])
    }

    @Test func pathsUnescapeJSONPointer() throws {
        #expect(try callBuiltin("json.filter", ["a/b": 1, "c~d": 2, "x": 3], ["/a~1b", "c~0d"]) == ["a/b": 1, "c~d": 2])
    }

    @Test func removeDropsSelectedPaths() throws {
        #expect(try callBuiltin("json.remove", doc, set("a/b/c")) == ["a": ["b": ["d": 8]], "e": 9])
        #expect(try callBuiltin("json.remove", doc, ["a/b/c", "e"]) == ["a": ["b": ["d": 8]]])
        #expect(try callBuiltin("json.remove", ["a": ["b": 7], "c": 1], set("a", "a/b")) == ["c": 1])
        #expect(try callBuiltin("json.remove", ["a": 7], set()) == ["a": 7])
        #expect(try callBuiltin("json.remove", ["a": ["b": 7], "c": 1], set("a", "c")) == [:])
        let mixed: Value = ["a": ["b": ["c": 7, "d": 8, "x": 0]], "e": 9]
        #expect(try callBuiltin("json.remove", mixed, set("a/b/d", ["a", "b", "c"])) == ["a": ["b": ["x": 0]], "e": 9])
        #expect(try callBuiltin("json.remove", ["a": [1, 2, 3]], ["a/1"]) == ["a": [1, 3]])
    }

    @Test func removeRejectsBadOperands() {
        #expect(builtinError("json.remove", 22, set("a/b/c"))?.message == "operand 1 must be object but got number")
        #expect(builtinError("json.remove", ["a": 1], "foo")?.message == "operand 2 must be one of {set, array} but got string")
        #expect(builtinError("json.remove", ["a": 1], ["a", 1])?.message
            == "operand 2 must be one of {set, array} containing string paths or array of path segments but got number")
        #expect(builtinError("json.remove", ["a": 1], set("a", ["x": 1]))?.message
            == "operand 2 must be one of {set, array} containing string paths or array of path segments but got object")
    }

    @Test func patchAddsRemovesAndMovesInSets() throws {
        let doc: Value = ["foo": set("a", "b", "c")]
        #expect(try callBuiltin("json.patch", doc, [["op": "remove", "path": "foo/b"]]) == ["foo": set("a", "c")])
        #expect(try callBuiltin("json.patch", doc, [["op": "add", "path": "foo/d", "value": "d"]]) == ["foo": set("a", "b", "c", "d")])
        #expect(try callBuiltin("json.patch", doc, [["op": "add", "path": "foo/d", "value": "e"]]) == Optional<Value>.none)
        let two: Value = ["foo": set("a", "b"), "bar": set("c", "d")]
        #expect(try callBuiltin("json.patch", two, [["op": "move", "from": "foo/a", "path": "bar/a"]]) == ["foo": set("b"), "bar": set("a", "c", "d")])
        #expect(try callBuiltin("json.patch", set([1]), [["op": "add", "path": [[1], 1], "value": 2]]) == set([1, 2]))
    }

    @Test func patchFollowsRFC6902() throws {
        let doc: Value = ["a": [1, 2], "b": ["c": 1]]
        #expect(try callBuiltin("json.patch", doc, [["op": "add", "path": "/a/-", "value": 3]]) == ["a": [1, 2, 3], "b": ["c": 1]])
        #expect(try callBuiltin("json.patch", doc, [["op": "add", "path": "/a/0", "value": 0]]) == ["a": [0, 1, 2], "b": ["c": 1]])
        #expect(try callBuiltin("json.patch", doc, [["op": "replace", "path": "/b/c", "value": 5]]) == ["a": [1, 2], "b": ["c": 5]])
        #expect(try callBuiltin("json.patch", doc, [["op": "copy", "from": "/b", "path": "/d"]]) == ["a": [1, 2], "b": ["c": 1], "d": ["c": 1]])
        #expect(try callBuiltin("json.patch", doc, [["op": "test", "path": "/a/1", "value": 2]]) == doc)
        #expect(try callBuiltin("json.patch", doc, [["op": "test", "path": "/a/1", "value": 3]]) == Optional<Value>.none)
        #expect(try callBuiltin("json.patch", doc, [["op": "remove", "path": "/x"]]) == Optional<Value>.none)
        #expect(try callBuiltin("json.patch", doc, [["op": "add", "path": "/a/01", "value": 0]]) == Optional<Value>.none)
        #expect(try callBuiltin("json.patch", doc, [["op": "add", "path": "", "value": 7]]) == 7)
        #expect(try callBuiltin("json.patch", doc, [["op": "bogus", "path": "/a"]]) == Optional<Value>.none)
    }

    @Test func walkListsRootFirstThenChildren() throws {
        #expect(try callBuiltin("walk", 1) == [[[], 1]])
        #expect(try callBuiltin("walk", [1, 2]) == [[[], [1, 2]], [[0], 1], [[1], 2]])
        #expect(try callBuiltin("walk", ["v1": "hello", "v2": "goodbye"])
            == [[[], ["v1": "hello", "v2": "goodbye"]], [["v1"], "hello"], [["v2"], "goodbye"]])
        let inner = set(1, 2, 3)
        #expect(try callBuiltin("walk", set(inner)) == [
            [[], set(inner)], [[inner], inner], [[inner, 1], 1], [[inner, 2], 2], [[inner, 3], 3],
        ])
    }
}
