import Testing
import RegoValue
@testable import RegoEngine

/// Expectations from the OPA conformance cases (arithmetic, numbersrange, numbersrangestep, sets)
/// and OPA's policy reference.
@Suite struct NumberBuiltinsTests {
    @Test func plusMinusMulOnIntegers() throws {
        #expect(try call("plus", 1, 2) == 3)
        #expect(try call("minus", 1, 2) == -1)
        #expect(try call("mul", 3, 4) == 12)
    }

    @Test func precisionBug2469() throws {
        // arithmetic/bug 2469 - precision: 49649733057 + 1 = 49649733058
        #expect(try call("plus", 49_649_733_057, 1) == 49_649_733_058)
    }

    @Test func overflowStaysExact() throws {
        #expect(try callText("plus", .int(Int.max), 1) == "9223372036854775808")
        #expect(try callText("mul", .int(Int.max), 2) == "18446744073709551614")
        #expect(try callText("minus", .int(Int.min), 1) == "-9223372036854775809")
        #expect(try call("plus", big("28857836529306024611913"), big("-28857836529306024611912")) == 1)
        #expect(try callText("mul", big("100000000000000000000"), big("100000000000000000000")) == "10000000000000000000000000000000000000000")
        #expect(try callText("plus", big("28857836529306024611913"), 1) == "28857836529306024611914")
        #expect(try callText("minus", big("-18446744073709551616"), big("-18446744073709551617")) == "1")
    }

    @Test func floatsMixWithIntegers() throws {
        #expect(try call("plus", 1.5, 1) == 2.5)
        #expect(try call("mul", 0.5, 4) == 2)
        #expect(try call("div", 7, 2) == 3.5)
        #expect(try call("div", 8, 2) == 4)
    }

    @Test func divideByZeroIsBuiltinError() {
        let e = callError("div", 1, 0)
        #expect(e?.kind == .builtin)
        #expect(e?.message == "divide by zero")
        #expect(callError("div", 1, 0.0)?.message == "divide by zero")
    }

    @Test func remainder() throws {
        #expect(try call("rem", 7, 4) == 3)
        #expect(try call("rem", -7, 4) == -3)
        #expect(try call("rem", .int(Int.min), -1) == 0)
        #expect(callError("rem", 7, 0)?.message == "modulo by zero")
        #expect(callError("rem", 7, 0)?.kind == .builtin)
        #expect(callError("rem", 1.1, 1)?.message == "modulo on floating-point number")
        #expect(try call("rem", big("100000000000000000007"), 10) == 7)
    }

    @Test func operandTypeErrors() {
        let e = callError("plus", "a", 1)
        #expect(e?.kind == .type)
        #expect(e?.message == "operand 1 must be number but got string")
        #expect(callError("mul", 1, .null)?.message == "operand 2 must be number but got null")
    }

    @Test func minusOnSetsAndTypeErrors() throws {
        #expect(try call("minus", set(1, 2, 3, 4), set(1, 3)) == set(2, 4))
        #expect(try call("minus", set(1, 2, "c"), set("c", 1)) == set(2))
        #expect(callError("minus", set(1), 1)?.message == "operand 2 must be set but got number")
        #expect(callError("minus", 1, set(1))?.message == "operand 2 must be number but got set")
        #expect(callError("minus", "x", 1)?.message == "operand 1 must be one of {number, set} but got string")
        #expect(callError("minus", set(1), 1)?.kind == .type)
    }

    @Test func absAndRounding() throws {
        #expect(try call("abs", -10) == 10)
        #expect(try call("abs", -1.5) == 1.5)
        #expect(try callText("abs", .int(Int.min)) == "9223372036854775808")
        #expect(try call("round", 1.5) == 2)
        #expect(try call("round", -1.5) == -2)
        #expect(try call("round", 1.4) == 1)
        #expect(try call("floor", 1.01) == 1)
        #expect(try call("floor", 1.5) == 1)
        #expect(try call("floor", 99.99999) == 99)
        #expect(try call("floor", 1) == 1)
        #expect(try call("floor", -1.001) == -2)
        #expect(try call("ceil", 1.01) == 2)
        #expect(try call("ceil", -1.5) == -1)
    }

    @Test func numbersRange() throws {
        #expect(try call("numbers.range", 0, 0) == [0])
        #expect(try call("numbers.range", -2, 3) == [-2, -1, 0, 1, 2, 3])
        #expect(try call("numbers.range", 3, 1) == [3, 2, 1])
        #expect(try call("numbers.range", 49_649_733_057, 49_649_733_060)
            == [49_649_733_057, 49_649_733_058, 49_649_733_059, 49_649_733_060])
        let e = callError("numbers.range", 3.14, 4)
        #expect(e?.kind == .type)
        #expect(e?.message == "operand 1 must be integer number but got floating-point number")
        #expect(callError("numbers.range", 3, 3.14)?.message == "operand 2 must be integer number but got floating-point number")
    }

    @Test func numbersRangeStep() throws {
        #expect(try call("numbers.range_step", 0, 10, 2) == [0, 2, 4, 6, 8, 10])
        #expect(try call("numbers.range_step", 0, -10, 2) == [0, -2, -4, -6, -8, -10])
        #expect(try call("numbers.range_step", 10, 3, 2) == [10, 8, 6, 4])
        #expect(try call("numbers.range_step", 1024, 4096, 1024) == [1024, 2048, 3072, 4096])
        #expect(try call("numbers.range_step", 2, 2, 2) == [2])
        #expect(try call("numbers.range_step", 2, 5, 2) == [2, 4])
        #expect(try call("numbers.range_step", 0, 10, big("99999999999999999999")) == [0])
        let e = callError("numbers.range_step", 0, 10, -2)
        #expect(e?.kind == .builtin)
        #expect(e?.message == "step must be a positive integer")
        #expect(callError("numbers.range_step", 0, 10, 0)?.kind == .builtin)
    }

    @Test func hugeRangeIsRefused() {
        #expect(callError("numbers.range", .int(Int.min), .int(Int.max))?.kind == .builtin)
    }

    @Test func randIntnIsTheSameForTheSameArgumentsInOneEvaluation() throws {
        let builtin = try #require(BuiltinRegistry.standard["rand.intn"])
        let context = SimpleBuiltinContext(printer: { _ in })
        func draw(_ key: String, _ n: Int) throws -> Int {
            guard case .number(.int(let drawn))? = try builtin.body(Arguments([.string(key), .number(.int(n))], context: context)) else { return -1 }
            return drawn
        }
        let first = try draw("key", 1_000_000)
        #expect((0..<1_000_000).contains(first))
        for _ in 0..<10 { #expect(try draw("key", 1_000_000) == first) }
        // Other arguments draw afresh, within their own bound; a negative bound counts as its size.
        #expect(try (0..<50).map { try draw("k\($0)", 3) }.allSatisfy { (0..<3).contains($0) })
        #expect(try (0..<50).map { try draw("n\($0)", -3) }.allSatisfy { (0..<3).contains($0) })
        #expect(try draw("zero", 0) == 0)
        withExtendedLifetime(context) {}
        #expect(callError("rand.intn", "key", 1.5)?.kind == .type)
        #expect(callError("rand.intn", 1, 10)?.kind == .type)
    }
}

