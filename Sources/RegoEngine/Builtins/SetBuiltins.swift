import RegoValue

/// Set builtins.
enum SetBuiltins {
    static let all: [Builtin] = []
}
