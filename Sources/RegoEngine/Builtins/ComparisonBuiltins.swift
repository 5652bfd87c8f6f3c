import RegoValue

/// Comparison builtins (`==`, `!=`, `<`, `<=`, `>`, `>=`): any two values, in Rego's total order,
/// where numbers compare by value (`1 == 1.0`).
enum ComparisonBuiltins {
    static let all: [Builtin] = [
        comparison("equal") { $0 == 0 },
        comparison("neq") { $0 != 0 },
        comparison("lt") { $0 < 0 },
        comparison("lte") { $0 <= 0 },
        comparison("gt") { $0 > 0 },
        comparison("gte") { $0 >= 0 },
    ]

    /// A comparison whose result is `holds` applied to `Value.compare(a, b)`.
    static func comparison(_ name: String, _ holds: @escaping @Sendable (Int) -> Bool) -> Builtin {
        Builtin(name, [.any, .any], .boolean, category: "comparison") { args in
            .bool(holds(Value.compare(args[0], args[1])))
        }
    }
}
