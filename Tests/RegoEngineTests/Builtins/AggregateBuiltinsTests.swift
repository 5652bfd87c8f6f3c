import Testing
import RegoValue
@testable import RegoEngine

/// Expectations from the aggregates conformance cases and OPA's policy reference.
@Suite struct AggregateBuiltinsTests {
    @Test func countCountsCodePoints() throws {
        #expect(try call("count", "abcde") == 5)
        #expect(try call("count", "åäö") == 3)
        #expect(try call("count", [1, 2]) == 2)
        #expect(try call("count", set(1, 2, 3)) == 3)
        #expect(try call("count", ["a": 1]) == 1)
        let e = callError("count", 1)
        #expect(e?.kind == .type)
        #expect(e?.message == "operand 1 must be one of {array, object, set, string} but got number")
    }

    @Test func sumAndProduct() throws {
        #expect(try call("sum", [1, 2, 3, 4]) == 10)
        #expect(try call("sum", set(1, 2, 3, 4)) == 10)
        #expect(try call("sum", [49_649_733_057, 1]) == 49_649_733_058)
        #expect(try call("sum", []) == 0)
        #expect(try call("sum", [1.5, 2]) == 3.5)
        #expect(try callText("sum", [.int(Int.max), 1]) == "9223372036854775808")
        #expect(try call("product", [2, 3, 4]) == 24)
        #expect(try call("product", []) == 1)
        #expect(try call("product", [0.5, 3]) == 1.5)
        let e = callError("sum", [1, "a"])
        #expect(e?.kind == .type)
        #expect(e?.message == "operand 1 must be array of numbers but got array containing string")
        #expect(callError("sum", 1)?.message == "operand 1 must be one of {set, array} but got number")
    }

    @Test func maxAndMin() throws {
        #expect(try call("min", [3, 2, 1, 4, 6, -7, 10]) == -7)
        #expect(try call("max", [1, 2, 3, 4]) == 4)
        #expect(try call("max", [1, "a", .null]) == "a")
        #expect(try call("min", set(3, 2)) == 2)
        #expect(try call("max", []) == nil)
        #expect(try call("min", .emptySet) == nil)
    }

    @Test func sortUsesTheTotalOrder() throws {
        #expect(try call("sort", [3, 1, 2]) == [1, 2, 3])
        #expect(try call("sort", ["b", 1, .null, "a"]) == [.null, 1, "a", "b"])
        #expect(try call("sort", set(3, 1)) == [1, 3])
        #expect(callError("sort", "x")?.kind == .type)
    }

    @Test func allAndAny() throws {
        #expect(try call("all", [true, true]) == true)
        #expect(try call("all", [true, 1]) == false)
        #expect(try call("all", []) == true)
        #expect(try call("any", [false, true]) == true)
        #expect(try call("any", set(false)) == false)
        #expect(try call("any", []) == false)
        #expect(callError("all", 1)?.message == "operand 1 must be one of {array, set} but got number")
    }
}
