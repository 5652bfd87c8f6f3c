import RegoValue

/// Comparison builtins.
enum ComparisonBuiltins {
    static let all: [Builtin] = []
}
