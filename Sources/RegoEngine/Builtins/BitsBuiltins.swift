import RegoValue

/// Bitwise builtins on integers of any size, with two's-complement semantics as Go's `big.Int`.
enum BitsBuiltins {
    static let all: [Builtin] = [
        binary("bits.or", { $0 | $1 }, { $0 | $1 }),
        binary("bits.and", { $0 & $1 }, { $0 & $1 }),
        binary("bits.xor", { $0 ^ $1 }, { $0 ^ $1 }),
        Builtin("bits.negate", [.number], .number, category: "bits") { args throws(BuiltinError) in
            let x = try integer(args, 0)
            // ~x == -x - 1, exact for any size.
            if let i = x.intValue { return .int(~i) }
            return .number((x.negated - ExactInteger(1)).number)
        },
        Builtin("bits.lsh", [.number, .number], .number, category: "bits") { args throws(BuiltinError) in
            let x = try integer(args, 0), count = try shiftCount(args)
            guard let r = x.shiftedLeft(by: count) else { throw .builtin("shift count too large") }
            return .number(r.number)
        },
        Builtin("bits.rsh", [.number, .number], .number, category: "bits") { args throws(BuiltinError) in
            let x = try integer(args, 0), count = try shiftCount(args)
            return .number(x.shiftedRight(by: count).number)
        },
    ]

    /// An integer operand; a fractional number is OPA's `must be integer number` type error.
    static func integer(_ args: Arguments, _ i: Int) throws(BuiltinError) -> ExactInteger {
        let n = try args.number(i)
        guard let x = ExactInteger(n) else {
            throw .type("operand \(i + 1) must be integer number but got floating-point number")
        }
        return x
    }

    /// The shift count (operand 2): a non-negative integer.
    static func shiftCount(_ args: Arguments) throws(BuiltinError) -> Int {
        let n = try integer(args, 1)
        if n.isNegative { throw .type("operand 2 must be an unsigned integer number but got a negative integer") }
        // Counts beyond Int are far past any result we could hold.
        return n.intValue ?? Int.max
    }

    /// A two-operand bitwise builtin: `Int` for 64-bit operands (two's complement there agrees
    /// with `big.Int`), `ExactInteger` beyond.
    static func binary(_ name: String, _ op: @escaping @Sendable (UInt32, UInt32) -> UInt32,
                       _ small: @escaping @Sendable (Int, Int) -> Int) -> Builtin {
        Builtin(name, [.number, .number], .number, category: "bits") { args throws(BuiltinError) in
            let x = try integer(args, 0), y = try integer(args, 1)
            if let a = x.intValue, let b = y.intValue { return .int(small(a, b)) }
            return .number(ExactInteger.bitwise(x, y, op).number)
        }
    }
}
