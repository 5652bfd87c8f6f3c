import RegoValue

extension StringBuiltins {
    /// `trim`, `trim_left`, `trim_right` (cut sets of runes), `trim_prefix`, `trim_suffix`
    /// (exact text) and `trim_space` (Unicode white space).
    static let trimBuiltins: [Builtin] = [
        make("trim", [.string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            .string(GoStrings.trim(try args.string(0), cutset: try args.string(1), left: true, right: true))
        },
        make("trim_left", [.string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            .string(GoStrings.trim(try args.string(0), cutset: try args.string(1), left: true, right: false))
        },
        make("trim_right", [.string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            .string(GoStrings.trim(try args.string(0), cutset: try args.string(1), left: false, right: true))
        },
        make("trim_prefix", [.string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), prefix = try args.string(1)
            let bytes = Array(s.utf8), p = Array(prefix.utf8)
            return .string(GoStrings.hasPrefix(bytes, p) ? GoStrings.string(bytes[p.count...]) : s)
        },
        make("trim_suffix", [.string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), suffix = try args.string(1)
            let bytes = Array(s.utf8), x = Array(suffix.utf8)
            return .string(GoStrings.hasSuffix(bytes, x) ? GoStrings.string(bytes[..<(bytes.count - x.count)]) : s)
        },
        make("trim_space", [.string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            .string(GoStrings.trimSpace(try args.string(0)))
        },
    ]
}
