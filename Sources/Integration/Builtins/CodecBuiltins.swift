import RegoEngine
import RegoValue

/// Rego builtins over the pipeline body codecs: `tollgate.xml.parse`, `tollgate.xml.serialize`,
/// `tollgate.csv.parse` and `tollgate.csv.serialize`. They use the codecs' defaults (XML root
/// `result`, CSV with a header row and `,`); a codec error becomes a builtin error such as
/// `xml: line 3, column 7: …`.
enum CodecBuiltins {
    static let all: [Builtin] = [
        Builtin("tollgate.xml.parse", [.string], .any, category: "tollgate") { args throws(BuiltinError) in
            let text = try args.string(0)
            return try reported { () throws(CodecError) in try XMLCodec.parse(text) }
        },
        Builtin("tollgate.xml.serialize", [.any], .string, category: "tollgate") { args throws(BuiltinError) in
            let value = args[0]
            return try reported { () throws(CodecError) in .string(try XMLCodec.serialize(value)) }
        },
        Builtin("tollgate.csv.parse", [.string], .array, category: "tollgate") { args throws(BuiltinError) in
            let text = try args.string(0)
            return try reported { () throws(CodecError) in try CSVCodec.parse(text) }
        },
        Builtin("tollgate.csv.serialize", [.any], .string, category: "tollgate") { args throws(BuiltinError) in
            let value = args[0]
            return try reported { () throws(CodecError) in .string(try CSVCodec.serialize(value)) }
        },
    ]

    /// Runs a codec, turning its error into an `eval_builtin_error` with the codec's located message.
    private static func reported(_ body: () throws(CodecError) -> Value) throws(BuiltinError) -> Value {
        do {
            return try body()
        } catch {
            throw .builtin(error.description)
        }
    }
}

extension BuiltinRegistry {
    /// Tollgate's standard builtins plus the codec builtins (`tollgate.xml.*`, `tollgate.csv.*`).
    public static let tollgate = BuiltinRegistry([Array(BuiltinRegistry.standard.builtins.values), CodecBuiltins.all])
}
