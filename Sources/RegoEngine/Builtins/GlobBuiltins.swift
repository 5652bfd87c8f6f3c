import RegoValue

/// Glob builtins.
enum GlobBuiltins {
    static let all: [Builtin] = []
}
