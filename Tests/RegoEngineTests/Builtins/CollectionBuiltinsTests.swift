import Testing
import RegoValue
@testable import RegoEngine

/// Expectations from the array, sets, union and intersection conformance cases.
@Suite struct CollectionBuiltinsTests {
    @Test func concat() throws {
        #expect(try call("array.concat", [1, 2], [3, 4]) == [1, 2, 3, 4])
        let e = callError("array.concat", ["v1": "hello"], [3, 4])
        #expect(e?.kind == .type)
        #expect(e?.message == "operand 1 must be array but got object")
    }

    @Test func sliceClampsAsOPA() throws {
        #expect(try call("array.slice", [1, 2, 3], 0, 0) == [])
        #expect(try call("array.slice", [1, 2, 3, 4, 5], -4, -1) == [])
        #expect(try call("array.slice", [1, 2, 3, 4, 5], -1, 2) == [1, 2])
        #expect(try call("array.slice", [1, 2, 3], 1000, 2000) == [])
        #expect(try call("array.slice", [1, 2, 3], 1, 10) == [2, 3])
    }

    @Test func reverse() throws {
        #expect(try call("array.reverse", [1, 2, 3]) == [3, 2, 1])
        #expect(try call("array.reverse", []) == [])
        #expect(callError("array.reverse", ["bar": "baz"])?.message == "operand 1 must be array but got object")
    }

    @Test func andOr() throws {
        #expect(try call("and", set(1, 2, 3), set(2, 3, 4)) == set(2, 3))
        #expect(try call("or", set(1, 2), set(2, 3)) == set(1, 2, 3))
        #expect(callError("and", set(1), [1])?.message == "operand 2 must be set but got array")
    }

    @Test func unionOfSets() throws {
        #expect(try call("union", .emptySet) == .emptySet)
        #expect(try call("union", set(.emptySet, set(1, 2))) == set(1, 2))
        #expect(try call("union", set(set(1, 2, 3), set(2))) == set(1, 2, 3))
        #expect(try call("union", set(set("a", "b", "c", "d"), set("b", "c", "d"), set("c", "d"), set("d")))
            == set("a", "b", "c", "d"))
        #expect(callError("union", set(1))?.message == "operand 1 must be set of sets but got set containing number")
    }

    @Test func intersectionOfSets() throws {
        #expect(try call("intersection", .emptySet) == .emptySet)
        #expect(try call("intersection", set(.emptySet, set(1, 2))) == .emptySet)
        #expect(try call("intersection", set(set(1, 2, 3), set(2))) == set(2))
        #expect(try call("intersection", set(set(1, 2, 3), set(2, 3, 4), set(4, 5, 6))) == .emptySet)
    }
}

@Suite struct ArrayFlattenTests {
    @Test func flattensOneLevel() throws {
        #expect(try call("array.flatten", [[1, 2], [3, 4], [5]]) == [1, 2, 3, 4, 5])
        #expect(try call("array.flatten", [[[1], [2, 3, []]], [[4, 5]]]) == [[1], [2, 3, []], [4, 5]])
        #expect(try call("array.flatten", [1, "s", [2, [3]]]) == [1, "s", 2, [3]])
    }

    @Test func nonArrayIsATypeError() {
        #expect(callError("array.flatten", 42)?.kind == .type)
    }
}
