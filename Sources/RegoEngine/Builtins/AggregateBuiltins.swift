import RegoValue

/// Aggregate builtins.
enum AggregateBuiltins {
    static let all: [Builtin] = []
}
