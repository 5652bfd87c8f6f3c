import Testing
import RegoValue
@testable import RegoEngine

/// Expectations from the bits* and casts conformance cases and OPA's policy reference.
@Suite struct BitsAndCastBuiltinsTests {
    @Test func bitwise() throws {
        #expect(try call("bits.and", 7, 9) == 1)
        #expect(try call("bits.or", 7, 9) == 15)
        #expect(try call("bits.xor", 42, 3) == 41)
        #expect(try call("bits.negate", 42) == -43)
        #expect(try call("bits.lsh", 1, 3) == 8)
        #expect(try call("bits.rsh", 8, 3) == 1)
        #expect(try call("bits.rsh", -1, 1) == -1)
        #expect(try call("bits.rsh", -5, 1) == -3)
    }

    @Test func shiftsDoNotOverflow() throws {
        #expect(try call("bits.lsh", 2_147_483_647, 1) == 4_294_967_294)
        #expect(try callText("bits.lsh", .int(Int.max), 1) == "18446744073709551614")
        #expect(try call("bits.rsh", big("18446744073709551614"), 1) == .int(Int.max))
        #expect(try callText("bits.lsh", 1, 100) == "1267650600228229401496703205376")
        #expect(try callText("bits.lsh", -3, 64) == "-55340232221128654848")
        #expect(try callText("bits.rsh", big("-55340232221128654849"), 64) == "-4")
        // 2^64 = 18446744073709551616; results checked by hand in binary.
        #expect(try callText("bits.or", big("18446744073709551616"), 1) == "18446744073709551617")
        #expect(try callText("bits.and", big("18446744073709551617"), 3) == "1")
        #expect(try callText("bits.and", big("-18446744073709551616"), -1) == "-18446744073709551616")
        #expect(try callText("bits.xor", big("-18446744073709551617"), 0) == "-18446744073709551617")
        #expect(try callText("bits.and", big("-18446744073709551615"), 7) == "1")
        #expect(try callText("bits.or", big("-18446744073709551616"), 5) == "-18446744073709551611")
        #expect(try callText("bits.negate", big("18446744073709551616")) == "-18446744073709551617")
    }

    @Test func floatOperandsAreTypeErrors() {
        for name in ["bits.and", "bits.or", "bits.xor", "bits.lsh", "bits.rsh"] {
            let e = callError(name, 7.2, 42)
            #expect(e?.kind == .type)
            #expect(e?.message == "operand 1 must be integer number but got floating-point number")
        }
        #expect(callError("bits.negate", 7.2)?.message == "operand 1 must be integer number but got floating-point number")
        #expect(callError("bits.lsh", 7, -1)?.message == "operand 2 must be an unsigned integer number but got a negative integer")
    }

    @Test func toNumber() throws {
        #expect(try call("to_number", ".5") == 0.5)
        #expect(try call("to_number", "5.") == 5)
        #expect(try call("to_number", "1E3") == 1000)
        #expect(try call("to_number", "+7") == 7)
        #expect(callError("to_number", "1_000")?.kind == .builtin)
        #expect(callError("to_number", " 1")?.kind == .builtin)
        #expect(try call("to_number", "1e3") == 1000)
        #expect(try call("to_number", "-3.5") == -3.5)
        #expect(try call("to_number", "10") == 10)
        #expect(try call("to_number", true) == 1)
        #expect(try call("to_number", false) == 0)
        #expect(try call("to_number", .null) == 0)
        #expect(try call("to_number", 4.5) == 4.5)
        #expect(callError("to_number", "foo")?.kind == .builtin)
        #expect(callError("to_number", "")?.kind == .builtin)
        #expect(callError("to_number", [1])?.kind == .type)
    }

    @Test func toNumberRefusesInfinitiesAndNaN() {
        for text in ["nan", "inf", "-inf", "Infinity", "-Infinity", "-nan", "-NaN", "iNf"] {
            #expect(callError("to_number", .string(text))?.kind == .type, "\(text)")
        }
    }

    @Test func deprecatedCasts() throws {
        #expect(try call("cast_array", set(2, 1)) == [1, 2])
        #expect(try call("cast_array", [2, 1]) == [2, 1])
        #expect(try call("cast_set", [2, 1, 2]) == set(1, 2))
        #expect(try call("cast_string", "a") == "a")
        #expect(try call("cast_boolean", true) == true)
        #expect(try call("cast_null", .null) == .null)
        #expect(try call("cast_object", ["a": 1]) == ["a": 1])
        #expect(callError("cast_string", 1)?.message == "operand 1 must be string but got number")
        #expect(callError("cast_array", 1)?.message == "operand 1 must be one of {array, set} but got number")
    }
}
