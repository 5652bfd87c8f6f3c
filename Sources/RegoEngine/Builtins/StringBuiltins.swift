import RegoValue

/// String builtins: search, case, split and replace, substring, concat, format_int. Indices and
/// lengths count Unicode code points, as OPA does; matching is byte-wise, as Go's is.
enum StringBuiltins {
    static let all: [Builtin] = [
        make("concat", [.string, .oneOf([.array, .set])], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let separator = try args.string(0)
            let parts = try stringList(args[1], position: 2, allowString: false)
            return .string(parts.joined(separator: separator))
        },
        make("contains", [.string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), sub = try args.string(1)
            return .bool(GoStrings.index(of: Array(sub.utf8), in: Array(s.utf8)) != nil)
        },
        make("startswith", [.string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), prefix = try args.string(1)
            return .bool(GoStrings.hasPrefix(Array(s.utf8), Array(prefix.utf8)))
        },
        make("endswith", [.string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), suffix = try args.string(1)
            return .bool(GoStrings.hasSuffix(Array(s.utf8), Array(suffix.utf8)))
        },
        make("format_int", [.number, .number], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let n = try args.number(0), base = try args.number(1)
            return .string(try formatInt(n, base: base))
        },
        make("indexof", [.string, .string], .number) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), search = try args.string(1)
            guard !search.isEmpty else { throw .builtin("empty search character") }
            return .int(runeIndices(of: search, in: s, all: false).first ?? -1)
        },
        make("indexof_n", [.string, .string], .array) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), search = try args.string(1)
            guard !search.isEmpty else { throw .builtin("empty search character") }
            return .array(runeIndices(of: search, in: s, all: true).map { .int($0) })
        },
        make("lower", [.string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in .string(GoStrings.mapCase(try args.string(0), upper: false)) },
        make("upper", [.string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in .string(GoStrings.mapCase(try args.string(0), upper: true)) },
        make("split", [.string, .string], .array) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), sep = try args.string(1)
            return .array(GoStrings.split(s, sep).map { .string($0) })
        },
        make("replace", [.string, .string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), old = try args.string(1), new = try args.string(2)
            return .string(GoStrings.replace(s, pairs: [(old, new)]))
        },
        make("strings.replace_n", [.object, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let patterns = try args.object(0)
            let s = try args.string(1)
            var pairs: [(old: String, new: String)] = []
            // Object keys are already in Rego order, which is the order OPA applies them in.
            for (key, value) in patterns {
                guard case .string(let old) = key else { throw .type("operand 1 non-string key found in pattern object") }
                guard case .string(let new) = value else { throw .type("operand 1 non-string value found in pattern object") }
                pairs.append((old, new))
            }
            return .string(GoStrings.replace(s, pairs: pairs))
        },
        make("strings.count", [.string, .string], .number) { (args: Arguments) throws(BuiltinError) -> Value? in
            .int(GoStrings.count(try args.string(0), try args.string(1)))
        },
        make("strings.reverse", [.string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in .string(GoStrings.reversed(try args.string(0))) },
        make("strings.any_prefix_match", [.oneOf([.string, .array, .set]), .oneOf([.string, .array, .set])], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let strings = try stringList(args[0], position: 1, allowString: true)
            let prefixes = try stringList(args[1], position: 2, allowString: true)
            return .bool(anyHasPrefix(strings.map { Array($0.utf8) }, prefixes.map { Array($0.utf8) }))
        },
        make("strings.any_suffix_match", [.oneOf([.string, .array, .set]), .oneOf([.string, .array, .set])], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let strings = try stringList(args[0], position: 1, allowString: true)
            let suffixes = try stringList(args[1], position: 2, allowString: true)
            return .bool(anyHasPrefix(strings.map { Array($0.utf8.reversed()) }, suffixes.map { Array($0.utf8.reversed()) }))
        },
        make("substring", [.string, .number, .number], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), start = try args.int(1), length = try args.int(2)
            guard start >= 0 else { throw .builtin("negative offset") }
            let scalars = Array(s.unicodeScalars)
            guard start < scalars.count else { return .string("") }
            let end = length < 0 ? scalars.count : min(scalars.count, start + min(length, scalars.count))
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            return .string(String(view))
        },
    ] + trimBuiltins

    static func make(_ name: String, _ arguments: [ArgumentType], _ result: ArgumentType,
                     _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name, arguments, result, category: "strings", body: body)
    }

    /// A string operand given as a string (when allowed), or an array or set of strings, with
    /// OPA's messages for a wrong operand or element type.
    static func stringList(_ value: Value, position: Int, allowString: Bool) throws(BuiltinError) -> [String] {
        let elements: [Value]
        switch value {
        case .string(let s) where allowString: return [s]
        case .array(let a): elements = a
        case .set(let s): elements = s.elements
        default:
            let expected = allowString ? "string, set, array" : "set, array"
            throw .type("operand \(position) must be one of {\(expected)} but got \(value.typeName)")
        }
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element else {
                throw .type("operand \(position) must be \(value.typeName) of strings but got \(value.typeName) containing \(element.typeName)")
            }
            out.append(s)
        }
        return out
    }

    private static func anyHasPrefix(_ strings: [[UInt8]], _ prefixes: [[UInt8]]) -> Bool {
        for s in strings { for p in prefixes where GoStrings.hasPrefix(s, p) { return true } }
        return false
    }

    /// Code-point offsets where `search` occurs in `s` (overlapping, as OPA's `indexof_n` reports).
    private static func runeIndices(of search: String, in s: String, all: Bool) -> [Int] {
        let base = Array(s.unicodeScalars), needle = Array(search.unicodeScalars)
        guard !needle.isEmpty, needle.count <= base.count else { return [] }
        var found: [Int] = []
        for i in 0...(base.count - needle.count) where base[i..<(i + needle.count)].elementsEqual(needle) {
            found.append(i)
            if !all { break }
        }
        return found
    }

    /// `format_int`: truncates toward zero, then writes the integer in base 2, 8, 10 or 16.
    private static func formatInt(_ n: Number, base: Number) throws(BuiltinError) -> String {
        guard let b = base.exactInt, [2, 8, 10, 16].contains(b) else {
            throw .type("operand 2 must be one of {2, 8, 10, 16}")
        }
        switch n {
        case .int(let i):
            return (i < 0 ? "-" : "") + IntegerText.magnitude(i, base: b)
        case .double(let d):
            let t = d.rounded(.towardZero)
            if abs(t) < 9.0e18 {
                let i = Int(t)
                return (i < 0 ? "-" : "") + IntegerText.magnitude(i, base: b)
            }
            return bigText(IntegerText.decimal(ofIntegral: t), base: b)
        case .bigInteger(let text):
            return bigText(text, base: b)
        }
    }

    private static func bigText(_ decimal: String, base: Int) -> String {
        guard let (negative, digits) = IntegerText.convert(decimal: decimal, toBase: base) else { return decimal }
        return (negative ? "-" : "") + digits
    }
}
