import RegoValue

/// Array builtins: `array.concat`, `array.slice`, `array.reverse`, `array.flatten`.
enum ArrayBuiltins {
    static let all: [Builtin] = [
        Builtin("array.concat", [.array, .array], .array, category: "array") { args throws(BuiltinError) in
            let a = try args.array(0), b = try args.array(1)
            return .array(a + b)
        },
        Builtin("array.slice", [.array, .number, .number], .array, category: "array") { args throws(BuiltinError) in
            let a = try args.array(0)
            let start = try args.int(1), stop = try args.int(2)
            // As OPA: a negative start is 0, a stop past the end is the end, and an empty range
            // (start past stop, or past the end) is the empty array.
            let lower = max(start, 0), upper = min(stop, a.count)
            guard lower < upper else { return .array([]) }
            return .array(Array(a[lower..<upper]))
        },
        Builtin("array.reverse", [.array], .array, category: "array") { args throws(BuiltinError) in
            .array(try args.array(0).reversed())
        },
        Builtin("array.flatten", [.array], .array, category: "array") { args throws(BuiltinError) in
            .array(flatten(try args.array(0)))
        },
    ]

    /// Arrays among the items spliced in, one level deep (as OPA's `array.flatten`).
    static func flatten(_ items: [Value]) -> [Value] {
        var out: [Value] = []
        for item in items {
            if case .array(let inner) = item { out.append(contentsOf: inner) } else { out.append(item) }
        }
        return out
    }
}
