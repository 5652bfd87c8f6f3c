import Testing
@testable import RegoEngine
import RegoValue

/// Calls a registered builtin; the context stays alive for the call (`Arguments` holds it unowned).
private func object(_ pairs: (Value, Value)...) -> Value { .object(RegoObject(pairs)) }

@Suite struct ObjectBuiltinsTests {
    @Test func getFindsIntegerKey() throws {
        #expect(try callBuiltin("object.get", object((1, 2)), 1, 3) == 2)
    }

    @Test func getFollowsArrayPaths() throws {
        #expect(try callBuiltin("object.get", ["a": 1], [], 2) == ["a": 1])
        #expect(try callBuiltin("object.get", ["a": ["b": ["c": 1]]], ["a", "b", "c"], 2) == 1)
        #expect(try callBuiltin("object.get", ["a": ["b": 1]], ["b", "a"], 2) == 2)
        #expect(try callBuiltin("object.get", ["a": ["b": [1, 2, 3]]], ["a", "b", "a"], 2) == 2)
        #expect(try callBuiltin("object.get", ["a": ["b": [["c": 1]]]], ["a", "b", 0, "c"], 2) == 1)
        let nested = object((1, ["b": object(([1, 2, 3], 1))]))
        #expect(try callBuiltin("object.get", nested, [1, "b", [1, 2, 3]], 2) == 1)
    }

    @Test func getRejectsNonObject() {
        let error = builtinError("object.get", "object", ["a"], 2)
        #expect(error?.kind == .type)
        #expect(error?.message == "operand 1 must be object but got string")
    }

    @Test func keysAreASet() throws {
        #expect(try callBuiltin("object.keys", ["a": 1, "b": 2]) == .set(RegoSet(["a", "b"])))
        #expect(try callBuiltin("object.keys", object(([Value.string("a")], 1), (["b"], 2))) == .set(RegoSet([["a"], ["b"]])))
        #expect(try callBuiltin("object.keys", [:]) == .emptySet)
        #expect(builtinError("object.keys", "object")?.message == "operand 1 must be object but got string")
    }

    @Test func removeTakesSetArrayOrObjectKeys() throws {
        #expect(try callBuiltin("object.remove", ["a": 1, "b": ["c": 3]], .set(RegoSet(["a"]))) == ["b": ["c": 3]])
        #expect(try callBuiltin("object.remove", ["a": 1, "b": ["c": 3], "d": 4], ["d", "b"]) == ["a": 1])
        #expect(try callBuiltin("object.remove", ["a": 1, "b": ["c": 3], "d": 4], ["b": 1, "d": ""]) == ["a": 1])
        #expect(try callBuiltin("object.remove", ["a": ["b": ["c": 2]], "x": 123], ["a": ["b": ["foo": "bar"]]]) == ["x": 123])
        #expect(try callBuiltin("object.remove", ["a": 1], .emptySet) == ["a": 1])
        #expect(try callBuiltin("object.remove", object(("a", 1), ([[7]], 2)), .set(RegoSet([[[7]]]))) == ["a": 1])
    }

    @Test func removeAndFilterRejectBadOperands() {
        #expect(builtinError("object.remove", ["a"], .set(RegoSet(["a"])))?.message == "operand 1 must be object but got array")
        #expect(builtinError("object.remove", ["a": 1], true)?.message == "operand 2 must be one of {object, set, array} but got boolean")
        #expect(builtinError("object.filter", ["a": 1], .null)?.message == "operand 2 must be one of {object, set, array} but got null")
        #expect(builtinError("object.filter", 123, ["a"])?.kind == .type)
    }

    @Test func filterKeepsNamedKeys() throws {
        let input: Value = ["a": 1, "b": 2, "c": 3, "e": 9]
        #expect(try callBuiltin("object.filter", input, .set(RegoSet(["a", "e"]))) == ["a": 1, "e": 9])
        #expect(try callBuiltin("object.filter", input, ["a", "e"]) == ["a": 1, "e": 9])
        #expect(try callBuiltin("object.filter", input, ["a": "foo", "e": ""]) == ["a": 1, "e": 9])
        #expect(try callBuiltin("object.filter", ["a": 7], []) == [:])
        #expect(try callBuiltin("object.filter", object(("a", 1), ([[7]], 2)), .set(RegoSet([[[7]]]))) == object(([[7]], 2)))
    }

    @Test func unionMergesRecursivelyRightWins() throws {
        #expect(try callBuiltin("object.union", [:], [:]) == [:])
        #expect(try callBuiltin("object.union", ["a": 1], ["a": 2]) == ["a": 2])
        #expect(try callBuiltin("object.union", ["a": 1], ["a": ["b": ["c": 1]], "d": 7]) == ["a": ["b": ["c": 1]], "d": 7])
        #expect(try callBuiltin("object.union", ["a": ["b": ["c": 1]], "e": 1], ["a": ["b": "foo", "b1": "bar"], "d": 7, "e": 17])
            == ["a": ["b": "foo", "b1": "bar"], "d": 7, "e": 17])
        #expect(builtinError("object.union", [1, 2, 3], ["b": 2])?.message == "operand 1 must be object but got array")
    }

    @Test func unionNFoldsLeftToRight() throws {
        #expect(try callBuiltin("object.union_n", [["a": ["b": 2]], ["a": 4], ["a": ["c": 3]]]) == ["a": ["c": 3]])
        #expect(try callBuiltin("object.union_n", [["a": ["b": 2]], ["a": ["c": 3]]]) == ["a": ["b": 2, "c": 3]])
        #expect(try callBuiltin("object.union_n", []) == [:])
        #expect(builtinError("object.union_n", [["a": 1], 2])?.kind == .type)
    }

    @Test func subsetOfObjectsSetsAndArrays() throws {
        let a: Value = ["a": 5, "b": 7, "c": 15, "nested": ["x": 10, "set1": .set(RegoSet([1, 2, 3, 4])), "arr1": [6, 7, 8, 9]]]
        let b: Value = ["a": 5, "nested": ["set1": .set(RegoSet([4, 1])), "arr1": [6, 7]]]
        #expect(try callBuiltin("object.subset", a, b) == true)
        #expect(try callBuiltin("object.subset", b, a) == false)
        #expect(try callBuiltin("object.subset", ["a": 5, "b": 7], ["a": 5, "b": 10]) == false)
        let s1 = Value.set(RegoSet([1, 2, 3, .set(RegoSet(["a", "b", "c"]))]))
        #expect(try callBuiltin("object.subset", s1, .set(RegoSet([3, 2, .set(RegoSet(["a", "b", "c"]))]))) == true)
        #expect(try callBuiltin("object.subset", s1, .set(RegoSet([3, 2, .set(RegoSet(["a", "b"]))]))) == false)
        #expect(try callBuiltin("object.subset", [1, 2, 3, 4, 5, 6], [3, 4, 5]) == true)
        #expect(try callBuiltin("object.subset", [1, 2, 3, 4, 5, 6], [4, 5, 6, 8]) == false)
        #expect(try callBuiltin("object.subset", [1, 2, 3], [1, 2, 3]) == true)
        #expect(try callBuiltin("object.subset", [1, 2, 3, 4, 5, 6], .set(RegoSet([4, 3, 2]))) == true)
        #expect(try callBuiltin("object.subset", [1, 2, 3, 4, 5, 6], .set(RegoSet([9, 8, 7]))) == false)
        #expect(builtinError("object.subset", .set(RegoSet([4, 3, 2])), [1, 2])?.kind == .type)
    }
}

@Suite struct RegoLookupTests {
    @Test func missingObjectKeyIsAbsentNotNull() {
        #expect(RegoObject()[Value.string("a")] == Optional<Value>.none)
        #expect(Value.set(RegoSet([1]))[2] == Optional<Value>.none)
    }
}
