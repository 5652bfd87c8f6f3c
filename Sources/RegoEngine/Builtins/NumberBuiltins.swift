import RegoValue

/// Number builtins: the arithmetic operators, rounding, `numbers.range` and `rand.intn`.
enum NumberBuiltins {
    /// The most elements `numbers.range` and `numbers.range_step` generate.
    static let maxRangeCount = 10_000_000

    static let all: [Builtin] = [
        binary("plus", Arithmetic.add),
        minus,
        binary("mul", Arithmetic.multiply),
        binary("div", Arithmetic.divide),
        binary("rem", Arithmetic.remainder),
        unary("abs") { Arithmetic.absolute($0) },
        unary("round") { Arithmetic.rounded($0, .toNearestOrAwayFromZero) },
        unary("ceil") { Arithmetic.rounded($0, .up) },
        unary("floor") { Arithmetic.rounded($0, .down) },
        Builtin("numbers.range", [.number, .number], .array, category: "numbers") { args throws(BuiltinError) in
            let from = try args.int(0), to = try args.int(1)
            return try range(from, to, step: 1)
        },
        Builtin("numbers.range_step", [.number, .number, .number], .array, category: "numbers") { args throws(BuiltinError) in
            let from = try args.int(0), to = try args.int(1)
            let stepNumber = try args.number(2)
            let step: Int
            switch stepNumber {
            case .bigInteger(let s):
                // A step beyond 64 bits is larger than any distance within the range.
                if s.hasPrefix("-") { throw .builtin("step must be a positive integer") }
                step = Int.max
            default:
                step = try args.int(2)
            }
            guard step > 0 else { throw .builtin("step must be a positive integer") }
            return try range(from, to, step: step)
        },
        // A random integer in 0..<|n| (0 for n = 0), the same for the same string and n throughout
        // one evaluation (kept in the evaluation's cache), as OPA gives it.
        Builtin("rand.intn", [.string, .number], .number, category: "numbers", deterministic: false) { args throws(BuiltinError) in
            let key = "rand.intn\u{0}\(try args.string(0))\u{0}\(try args.int(1))"
            let bound = try args.int(1).magnitude
            if let drawn = args.context.cache.storage[key] as? Int { return .number(.int(drawn)) }
            let drawn = bound == 0 ? 0 : Int(UInt.random(in: 0..<bound))
            args.context.cache.storage[key] = drawn
            return .number(.int(drawn))
        },
    ]

    /// `minus`: number difference, or set difference when both operands are sets.
    static let minus = Builtin("minus", [.oneOf([.number, .set]), .oneOf([.number, .set])], .oneOf([.number, .set]),
                               category: "numbers") { args throws(BuiltinError) in
        switch (args[0], args[1]) {
        case (.number(let a), .number(let b)):
            return .number(try Arithmetic.subtract(a, b))
        case (.set(let a), .set(let b)):
            return .set(a.subtracting(b))
        case (.number, _):
            throw .operand(2, expected: "number", got: args[1])
        case (.set, _):
            throw .operand(2, expected: "set", got: args[1])
        default:
            throw .type("operand 1 must be one of {number, set} but got \(args[0].typeName)")
        }
    }

    static func binary(_ name: String, _ op: @escaping @Sendable (Number, Number) throws(BuiltinError) -> Number) -> Builtin {
        Builtin(name, [.number, .number], .number, category: "numbers") { args throws(BuiltinError) in
            let a = try args.number(0), b = try args.number(1)
            return .number(try op(a, b))
        }
    }

    static func unary(_ name: String, _ op: @escaping @Sendable (Number) -> Number) -> Builtin {
        Builtin(name, [.number], .number, category: "numbers") { args throws(BuiltinError) in
            .number(op(try args.number(0)))
        }
    }

    /// The integers from `from` to `to` inclusive, ascending or descending by `step`.
    static func range(_ from: Int, _ to: Int, step: Int) throws(BuiltinError) -> Value {
        let distance = from <= to ? to.subtractingReportingOverflow(from) : from.subtractingReportingOverflow(to)
        if distance.overflow || distance.partialValue / step >= maxRangeCount {
            throw .builtin("range exceeds the limit of \(maxRangeCount) numbers")
        }
        var out: [Value] = []
        out.reserveCapacity(distance.partialValue / step + 1)
        var i = from
        while from <= to ? i <= to : i >= to {
            out.append(.int(i))
            let next = from <= to ? i.addingReportingOverflow(step) : i.subtractingReportingOverflow(step)
            if next.overflow { break }
            i = next.partialValue
        }
        return .array(out)
    }
}
