import Testing
@testable import RegoEngine
import RegoValue

/// Expectations from the OPA conformance cases (strings/sprintf, sprintf) and Go's fmt docs.
@Suite struct SprintfBuiltinsTests {
    func sprintf(_ format: String, _ args: [Value]) throws -> Value? {
        try callBuiltin("sprintf", .string(format), .array(args))
    }

    @Test func conformanceCases() throws {
        #expect(try sprintf("hi", []) == "hi")
        #expect(try sprintf("hi %02d", [5]) == "hi 05")
        #expect(try sprintf("hi %02X.%02X", [127, 1]) == "hi 7F.01")
        #expect(try sprintf("hi %.2f", [3.1415]) == "hi 3.14")
        #expect(try sprintf("hi %s", [true]) == "hi true")
        #expect(try sprintf("hi %v", [["there", 5, 3.14]]) == "hi [\"there\", 5, 3.14]")
        #expect(try sprintf("%s", [.number(.bigInteger("123456789123456789123"))]) == "123456789123456789123")
        #expect(try sprintf("%s", [.number(.bigInteger("1208925819614629174706175"))]) == "1208925819614629174706175")
    }

    @Test func integerVerbs() throws {
        #expect(try sprintf("%d|%5d|%-5d|%+d", [42, 42, 42, 42]) == "42|   42|42   |+42")
        #expect(try sprintf("%x %X %o %b", [255, 255, 8, 5]) == "ff FF 10 101")
        #expect(try sprintf("%#x %#o", [255, 8]) == "0xff 010")
        #expect(try sprintf("%05d", [-42]) == "-0042")
        #expect(try sprintf("%c", [65]) == "A")
        #expect(try sprintf("%q", [65]) == "'A'")
        #expect(try sprintf("%U", [0x1F600]) == "U+1F600")
    }

    @Test func floatVerbs() throws {
        #expect(try sprintf("%v", [3.14]) == "3.14")
        #expect(try sprintf("%e", [1234.5678]) == "1.234568e+03")
        #expect(try sprintf("%g", [0.000012]) == "1.2e-05")
        #expect(try sprintf("%8.3f|", [3.14159]) == "   3.142|")
        #expect(try sprintf("%v", [.number(.double(1e20))]) == "1e+20")
        #expect(try sprintf("%v", [.number(.double(1234567.5))]) == "1.2345675e+06")
    }

    @Test func stringVerbs() throws {
        #expect(try sprintf("%q", ["a\"b\n"]) == "\"a\\\"b\\n\"")
        #expect(try sprintf("%x", ["hi"]) == "6869")
        #expect(try sprintf("%.2s|%5s|%-5s|", ["abcdef", "ab", "ab"]) == "ab|   ab|ab   |")
        #expect(try sprintf("%v", [.set(RegoSet([1, 2]))]) == "{1, 2}")
        #expect(try sprintf("%v", [["a": 1]]) == "{\"a\": 1}")
        #expect(try sprintf("%%", []) == "%")
    }

    @Test func goErrorTexts() throws {
        #expect(try sprintf("%d", ["foo"]) == "%!d(string=foo)")
        #expect(try sprintf("%s", [5]) == "%!s(int=5)")
        #expect(try sprintf("%d", [3.5]) == "%!d(float64=3.5)")
        #expect(try sprintf("%t", [true]) == "%!t(string=true)")
        #expect(try sprintf("%d %d", [1]) == "1 %!d(MISSING)")
        #expect(try sprintf("%d", [1, 2]) == "1%!(EXTRA int=2)")
        #expect(try sprintf("x", ["a", 2]) == "x%!(EXTRA string=a, int=2)")
        #expect(try sprintf("%", []) == "%!(NOVERB)")
        #expect(try sprintf("%z", [1]) == "%!z(int=1)")
        #expect(try sprintf("%f", [.number(.bigInteger("123456789123456789123"))]) == "%!f(big.Int=123456789123456789123)")
    }

    @Test func argumentIndexesAndStarWidth() throws {
        #expect(try sprintf("%[2]d %[1]d", [1, 2]) == "2 1")
        #expect(try sprintf("%*d|", [5, 42]) == "   42|")
    }

    @Test func secondOperandMustBeArray() {
        #expect(builtinError("sprintf", "%v", ["a": 1])?.message == "operand 2 must be array but got object")
    }
}
