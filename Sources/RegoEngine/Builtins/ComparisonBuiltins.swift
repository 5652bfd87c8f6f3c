import RegoValue

/// Comparison builtins (`==`, `!=`, `<`, `<=`, `>`, `>=`): any two values, in Rego's total order,
/// where numbers compare by value (`1 == 1.0`).
enum ComparisonBuiltins {
    static let all: [Builtin] = [
        Builtin(comparison: "equal", .equal),
        Builtin(comparison: "neq", .notEqual),
        Builtin(comparison: "lt", .less),
        Builtin(comparison: "lte", .lessOrEqual),
        Builtin(comparison: "gt", .greater),
        Builtin(comparison: "gte", .greaterOrEqual),
    ]
}
