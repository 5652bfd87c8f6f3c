import RegoValue

/// Conversion builtins: `to_number` and the deprecated `cast_*` functions, which only accept a
/// value already of (or, for arrays and sets, convertible to) the target type.
enum CastBuiltins {
    static let all: [Builtin] = [
        Builtin("to_number", [.oneOf([.null, .boolean, .number, .string])], .number, category: "conversions") { args throws(BuiltinError) in
            switch args[0] {
            case .null: return .int(0)
            case .bool(let b): return .int(b ? 1 : 0)
            case .number: return args[0]
            case .string(let s): return .number(try parseNumber(s))
            default:
                throw .type("operand 1 must be one of {null, boolean, number, string} but got \(args[0].typeName)")
            }
        },
        Builtin("cast_array", [.oneOf([.array, .set])], .array, category: "casts") { args throws(BuiltinError) in
            switch args[0] {
            case .array: return args[0]
            case .set(let s): return .array(s.elements)
            default: throw .type("operand 1 must be one of {array, set} but got \(args[0].typeName)")
            }
        },
        Builtin("cast_set", [.oneOf([.array, .set])], .set, category: "casts") { args throws(BuiltinError) in
            switch args[0] {
            case .array(let a): return .set(RegoSet(a))
            case .set: return args[0]
            default: throw .type("operand 1 must be one of {array, set} but got \(args[0].typeName)")
            }
        },
        identity("cast_string", .string) { $0.stringValue != nil },
        identity("cast_boolean", .boolean) { $0.boolValue != nil },
        identity("cast_null", .null) { if case .null = $0 { true } else { false } },
        identity("cast_object", .object) { $0.objectValue != nil },
    ]

    /// Parses number text as Go's `strconv.ParseFloat` accepts it; infinities and NaN are refused.
    static func parseNumber(_ s: String) throws(BuiltinError) -> Number {
        let word = s.drop { $0 == "+" || $0 == "-" }.lowercased()
        if word == "inf" || word == "infinity" || word == "nan" {
            throw .type("operand 1 must be valid number string but got string")
        }
        let body = s.hasPrefix("+") ? String(s.dropFirst()) : s
        guard isDecimalNumber(body), let n = Number(text: body) else {
            throw .builtin("strconv.ParseFloat: parsing \(quoted(s)): invalid syntax")
        }
        return n
    }

    /// Optional minus, digits with an optional fraction (either side of the point may be empty,
    /// not both), optional exponent: the decimal forms `ParseFloat` accepts.
    static func isDecimalNumber(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let n = bytes.prefix { $0 >= 48 && $0 <= 57 }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    static func quoted(_ s: String) -> String { Value.string(s).jsonText }

    /// A deprecated cast that returns its operand when `accepts` it, else an operand type error.
    static func identity(_ name: String, _ type: ArgumentType, _ accepts: @escaping @Sendable (Value) -> Bool) -> Builtin {
        Builtin(name, [type], type, category: "casts") { args throws(BuiltinError) in
            guard accepts(args[0]) else { throw .operand(1, expected: type.description, got: args[0]) }
            return args[0]
        }
    }
}
