import RegoValue

/// Number builtins.
enum NumberBuiltins {
    static let all: [Builtin] = []
}
