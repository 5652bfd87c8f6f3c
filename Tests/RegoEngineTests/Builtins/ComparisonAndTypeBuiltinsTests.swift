import Testing
import RegoValue
@testable import RegoEngine

/// Expectations from the comparisonexpr, typebuiltin and typenamebuiltin conformance cases.
@Suite struct ComparisonAndTypeBuiltinsTests {
    @Test func numbersCompareByValue() throws {
        #expect(try call("equal", 1, 1.0) == true)
        #expect(try call("equal", [1], [1.0]) == true)
        #expect(try call("equal", ["x": [1, 2, ["b": 3.0]]], ["x": [1, 2, ["b": 3]]]) == true)
        #expect(try call("neq", big("28857836529306024611913"), big("28857836529306024611912")) == true)
    }

    @Test func orderingOperators() throws {
        #expect(try call("gt", 1, 0) == true)
        #expect(try call("gt", 1, 2) == false)
        #expect(try call("gte", 1, 1) == true)
        #expect(try call("gte", 1, 2) == false)
        #expect(try call("lte", -1, 0) == true)
        #expect(try call("lte", 1, -1) == false)
        #expect(try call("lt", 1, 2) == true)
        #expect(try call("neq", 1, 1) == false)
    }

    @Test func differentTypesUseTheTotalOrder() throws {
        // null < boolean < number < string < array < object < set
        #expect(try call("lt", .null, false) == true)
        #expect(try call("lt", 1, "a") == true)
        #expect(try call("lt", "a", [1]) == true)
        #expect(try call("lt", [1], ["a": 1]) == true)
        #expect(try call("lt", ["a": 1], set(1)) == true)
        #expect(try call("equal", 1, "1") == false)
    }

    @Test func isTypeChecks() throws {
        #expect(try call("is_number", -42.0) == true)
        #expect(try call("is_number", 0) == true)
        #expect(try call("is_number", .null) == false)
        #expect(try call("is_number", false) == false)
        #expect(try call("is_string", "Hello") == true)
        #expect(try call("is_string", .null) == false)
        #expect(try call("is_boolean", "Hello") == false)
        #expect(try call("is_boolean", false) == true)
        #expect(try call("is_array", [1, 2, 3]) == true)
        #expect(try call("is_array", set(1, 2, 3)) == false)
        #expect(try call("is_set", [1, 2, 3]) == false)
        #expect(try call("is_set", set(1)) == true)
        #expect(try call("is_object", ["foo": 1]) == true)
        #expect(try call("is_object", "foo") == false)
        #expect(try call("is_null", .null) == true)
    }

    @Test func typeName() throws {
        #expect(try call("type_name", .null) == "null")
        #expect(try call("type_name", true) == "boolean")
        #expect(try call("type_name", 100) == "number")
        #expect(try call("type_name", "s") == "string")
        #expect(try call("type_name", [1]) == "array")
        #expect(try call("type_name", set(1, 2, 3)) == "set")
        #expect(try call("type_name", ["foo": 1]) == "object")
    }
}
