import Testing
@testable import RegoEngine
import RegoValue

private func invoke(_ name: String, _ args: Value...) throws -> Value? {
    let context = SimpleBuiltinContext()
    return try withExtendedLifetime(context) {
        let builtin = try #require(BuiltinRegistry.standard[name])
        return try builtin.body(Arguments(args, context: context))
    }
}

private func failure(_ name: String, _ args: Value...) -> BuiltinError? {
    let context = SimpleBuiltinContext()
    return withExtendedLifetime(context) { () -> BuiltinError? in
        guard let builtin = BuiltinRegistry.standard[name] else { return nil }
        do { _ = try builtin.body(Arguments(args, context: context)); return nil } catch { return error as? BuiltinError }
    }
}

private func makeSet(_ elements: Value...) -> Value { .set(RegoSet(elements)) }

@Suite struct JSONPathBuiltinsTests {
    let doc: Value = ["a": ["b": ["c": 7, "d": 8]], "e": 9]

    @Test func filterKeepsSelectedPaths() throws {
        #expect(try invoke("json.filter", doc, makeSet("a/b/c")) == ["a": ["b": ["c": 7]]])
        #expect(try invoke("json.filter", doc, ["a/b/c", "e"]) == ["a": ["b": ["c": 7]], "e": 9])
        #expect(try invoke("json.filter", ["a": ["b": ["c": 7, "d": 8], "e": 9]], makeSet("a/b/c", "a/e")) == ["a": ["b": ["c": 7], "e": 9]])
        #expect(try invoke("json.filter", [:], makeSet("a/b")) == [:])
        #expect(try invoke("json.filter", doc, makeSet(["a", "b", "c"], ["e"])) == ["a": ["b": ["c": 7]], "e": 9])
        let mixed: Value = ["a": ["b": ["c": 7, "d": 8, "x": 0]], "e": 9]
        #expect(try invoke("json.filter", mixed, makeSet("a/b/d", ["a", "b", "c"])) == ["a": ["b": ["c": 7, "d": 8]]])
    }

    @Test func filterSelectsArrayIndexes() throws {
        let input: Value = ["a": [["1": ["b", "c", "d"]], ["x": "y"]]]
        #expect(try invoke("json.filter", input, makeSet("a/0/1/2")) == ["a": [["1": ["d"]]]])
    }

    @Test func pathsUnescapeJSONPointer() throws {
        #expect(try invoke("json.filter", ["a/b": 1, "c~d": 2, "x": 3], ["/a~1b", "c~0d"]) == ["a/b": 1, "c~d": 2])
    }

    @Test func removeDropsSelectedPaths() throws {
        #expect(try invoke("json.remove", doc, makeSet("a/b/c")) == ["a": ["b": ["d": 8]], "e": 9])
        #expect(try invoke("json.remove", doc, ["a/b/c", "e"]) == ["a": ["b": ["d": 8]]])
        #expect(try invoke("json.remove", ["a": ["b": 7], "c": 1], makeSet("a", "a/b")) == ["c": 1])
        #expect(try invoke("json.remove", ["a": 7], makeSet()) == ["a": 7])
        #expect(try invoke("json.remove", ["a": ["b": 7], "c": 1], makeSet("a", "c")) == [:])
        let mixed: Value = ["a": ["b": ["c": 7, "d": 8, "x": 0]], "e": 9]
        #expect(try invoke("json.remove", mixed, makeSet("a/b/d", ["a", "b", "c"])) == ["a": ["b": ["x": 0]], "e": 9])
        #expect(try invoke("json.remove", ["a": [1, 2, 3]], ["a/1"]) == ["a": [1, 3]])
    }

    @Test func removeRejectsBadOperands() {
        #expect(failure("json.remove", 22, makeSet("a/b/c"))?.message == "operand 1 must be object but got number")
        #expect(failure("json.remove", ["a": 1], "foo")?.message == "operand 2 must be one of {set, array} but got string")
        #expect(failure("json.remove", ["a": 1], ["a", 1])?.message
            == "operand 2 must be one of {set, array} containing string paths or array of path segments but got number")
        #expect(failure("json.remove", ["a": 1], makeSet("a", ["x": 1]))?.message
            == "operand 2 must be one of {set, array} containing string paths or array of path segments but got object")
    }

    @Test func patchAddsRemovesAndMovesInSets() throws {
        let doc: Value = ["foo": makeSet("a", "b", "c")]
        #expect(try invoke("json.patch", doc, [["op": "remove", "path": "foo/b"]]) == ["foo": makeSet("a", "c")])
        #expect(try invoke("json.patch", doc, [["op": "add", "path": "foo/d", "value": "d"]]) == ["foo": makeSet("a", "b", "c", "d")])
        #expect(try invoke("json.patch", doc, [["op": "add", "path": "foo/d", "value": "e"]]) == Optional<Value>.none)
        let two: Value = ["foo": makeSet("a", "b"), "bar": makeSet("c", "d")]
        #expect(try invoke("json.patch", two, [["op": "move", "from": "foo/a", "path": "bar/a"]]) == ["foo": makeSet("b"), "bar": makeSet("a", "c", "d")])
        #expect(try invoke("json.patch", makeSet([1]), [["op": "add", "path": [[1], 1], "value": 2]]) == makeSet([1, 2]))
    }

    @Test func patchFollowsRFC6902() throws {
        let doc: Value = ["a": [1, 2], "b": ["c": 1]]
        #expect(try invoke("json.patch", doc, [["op": "add", "path": "/a/-", "value": 3]]) == ["a": [1, 2, 3], "b": ["c": 1]])
        #expect(try invoke("json.patch", doc, [["op": "add", "path": "/a/0", "value": 0]]) == ["a": [0, 1, 2], "b": ["c": 1]])
        #expect(try invoke("json.patch", doc, [["op": "replace", "path": "/b/c", "value": 5]]) == ["a": [1, 2], "b": ["c": 5]])
        #expect(try invoke("json.patch", doc, [["op": "copy", "from": "/b", "path": "/d"]]) == ["a": [1, 2], "b": ["c": 1], "d": ["c": 1]])
        #expect(try invoke("json.patch", doc, [["op": "test", "path": "/a/1", "value": 2]]) == doc)
        #expect(try invoke("json.patch", doc, [["op": "test", "path": "/a/1", "value": 3]]) == Optional<Value>.none)
        #expect(try invoke("json.patch", doc, [["op": "remove", "path": "/x"]]) == Optional<Value>.none)
        #expect(try invoke("json.patch", doc, [["op": "add", "path": "/a/01", "value": 0]]) == Optional<Value>.none)
        #expect(try invoke("json.patch", doc, [["op": "add", "path": "", "value": 7]]) == 7)
        #expect(try invoke("json.patch", doc, [["op": "bogus", "path": "/a"]]) == Optional<Value>.none)
    }

    @Test func walkListsRootFirstThenChildren() throws {
        #expect(try invoke("walk", 1) == [[[], 1]])
        #expect(try invoke("walk", [1, 2]) == [[[], [1, 2]], [[0], 1], [[1], 2]])
        #expect(try invoke("walk", ["v1": "hello", "v2": "goodbye"])
            == [[[], ["v1": "hello", "v2": "goodbye"]], [["v1"], "hello"], [["v2"], "goodbye"]])
        let inner = makeSet(1, 2, 3)
        #expect(try invoke("walk", makeSet(inner)) == [
            [[], makeSet(inner)], [[inner], inner], [[inner, 1], 1], [[inner, 2], 2], [[inner, 3], 3],
        ])
    }
}
