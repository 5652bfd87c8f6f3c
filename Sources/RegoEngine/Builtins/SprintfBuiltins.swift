import RegoValue

/// Sprintf builtins.
enum SprintfBuiltins {
    static let all: [Builtin] = []
}
