import RegoValue

/// Aggregate builtins: `count`, `sum`, `product`, `max`, `min`, `sort`, and the deprecated
/// `all` and `any`.
enum AggregateBuiltins {
    static let all: [Builtin] = [
        Builtin("count", [.oneOf([.array, .object, .set, .string])], .number, category: "aggregates") { args throws(BuiltinError) in
            switch args[0] {
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.count)
            case .set(let s): return .int(s.count)
            // Code points, as Go counts runes.
            case .string(let s): return .int(s.unicodeScalars.count)
            default: throw .type("operand 1 must be one of {array, object, set, string} but got \(args[0].typeName)")
            }
        },
        Builtin("sum", [.oneOf([.set, .array])], .number, category: "aggregates") { args throws(BuiltinError) in
            let numbers = try numericElements(args)
            return .number(try accumulate(numbers, start: .int(0), Arithmetic.add) { $0 + $1 })
        },
        Builtin("product", [.oneOf([.set, .array])], .number, category: "aggregates") { args throws(BuiltinError) in
            let numbers = try numericElements(args)
            return .number(try accumulate(numbers, start: .int(1), Arithmetic.multiply) { $0 * $1 })
        },
        Builtin("max", [.oneOf([.set, .array])], .any, category: "aggregates") { args throws(BuiltinError) in
            try args.elements(0).max { Value.compare($0, $1) < 0 }
        },
        Builtin("min", [.oneOf([.set, .array])], .any, category: "aggregates") { args throws(BuiltinError) in
            try args.elements(0).min { Value.compare($0, $1) < 0 }
        },
        Builtin("sort", [.oneOf([.set, .array])], .array, category: "aggregates") { args throws(BuiltinError) in
            switch args[0] {
            case .set(let s): return .array(s.elements)
            default: return .array(try args.elements(0).sorted { Value.compare($0, $1) < 0 })
            }
        },
        Builtin("all", [.oneOf([.set, .array])], .boolean, category: "aggregates") { args throws(BuiltinError) in
            guard args[0].arrayValue != nil || args[0].setValue != nil else {
                throw .type("operand 1 must be one of {array, set} but got \(args[0].typeName)")
            }
            return .bool(try args.elements(0).allSatisfy { $0 == .true })
        },
        Builtin("any", [.oneOf([.set, .array])], .boolean, category: "aggregates") { args throws(BuiltinError) in
            guard args[0].arrayValue != nil || args[0].setValue != nil else {
                throw .type("operand 1 must be one of {array, set} but got \(args[0].typeName)")
            }
            return .bool(try args.elements(0).contains { $0 == .true })
        },
    ]

    /// The numbers of an array or set operand; any other element is an operand error.
    static func numericElements(_ args: Arguments) throws(BuiltinError) -> [Number] {
        let values = try args.elements(0)
        let container = args[0].typeName
        var numbers: [Number] = []
        numbers.reserveCapacity(values.count)
        for v in values {
            guard case .number(let n) = v else {
                throw .type("operand 1 must be \(container) of numbers but got \(container) containing \(v.typeName)")
            }
            numbers.append(n)
        }
        return numbers
    }

    /// Folds numbers exactly while all are integers, otherwise in doubles as OPA's big floats do.
    static func accumulate(_ numbers: [Number], start: Number,
                           _ exact: (Number, Number) throws(BuiltinError) -> Number,
                           _ inexact: (Double, Double) -> Double) throws(BuiltinError) -> Number {
        if numbers.allSatisfy({ $0.isIntegral }) {
            var acc = start
            for n in numbers { acc = try exact(acc, n) }
            return acc
        }
        var acc = start.doubleValue
        for n in numbers { acc = inexact(acc, n.doubleValue) }
        return try Arithmetic.fromDouble(acc)
    }
}
