import RegoValue

/// Glob builtins: `glob.match` and `glob.quote_meta`.
enum GlobBuiltins {
    static let all: [Builtin] = [
        Builtin("glob.match", [.string, .oneOf([.array, .null]), .string], .boolean, category: "glob") { (args: Arguments) throws(BuiltinError) -> Value? in
            let pattern = try args.string(0)
            let separators = try delimiters(args[1])
            let s = try args.string(2)
            let key = "glob\u{0}" + pattern + "\u{0}" + String(String.UnicodeScalarView(separators))
            let glob: GlobPattern
            if let cached = args.context.cache.storage[key] as? GlobPattern {
                glob = cached
            } else {
                glob = try GlobPattern(pattern, separators: separators)
                args.context.cache.storage[key] = glob
            }
            return .bool(glob.matches(s))
        },
        Builtin("glob.quote_meta", [.string], .string, category: "glob") { (args: Arguments) throws(BuiltinError) -> Value? in
            var out = ""
            for c in try args.string(0).unicodeScalars {
                if "*?\\[]{}".unicodeScalars.contains(c) { out += "\\" }
                out.unicodeScalars.append(c)
            }
            return .string(out)
        },
    ]

    /// `null` means no delimiters; an empty array means the default `["."]`.
    private static func delimiters(_ value: Value) throws(BuiltinError) -> [Unicode.Scalar] {
        switch value {
        case .null:
            return []
        case .array(let elements):
            if elements.isEmpty { return ["."] }
            var out: [Unicode.Scalar] = []
            for element in elements {
                guard case .string(let s) = element else {
                    throw .type("operand 2 must be array of strings but got array containing \(element.typeName)")
                }
                out.append(contentsOf: s.unicodeScalars)
            }
            return out
        default:
            throw .type("operand 2 must be one of {array, null} but got \(value.typeName)")
        }
    }
}
