import RegoValue

/// `sprintf`: Go's `fmt.Sprintf`, with operands converted as OPA converts them.
enum SprintfBuiltins {
    static let all: [Builtin] = [
        Builtin("sprintf", [.string, .array], .string, category: "strings") { (args: Arguments) throws(BuiltinError) -> Value? in
            let format = try args.string(0)
            guard case .array(let operands) = args[1] else {
                throw .operand(2, expected: "array", got: args[1])
            }
            return .string(GoFormatter.sprintf(format, operands.map(goArgument)))
        },
    ]

    /// OPA passes integers that fit 64 bits as `int`, larger ones as `*big.Int`, other numbers
    /// as `float64`, strings as themselves and any other value as its Rego text.
    static func goArgument(_ value: Value) -> GoFormatArgument {
        switch value {
        case .number(.int(let i)): .int(i)
        case .number(.bigInteger(let text)): .bigInt(text)
        case .number(.double(let d)): .float(d)
        case .string(let s): .string(s)
        default: .string(value.regoText)
        }
    }
}
