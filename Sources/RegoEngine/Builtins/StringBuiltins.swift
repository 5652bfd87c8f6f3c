import RegoValue

/// String builtins.
enum StringBuiltins {
    static let all: [Builtin] = []
}
