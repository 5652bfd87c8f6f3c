import RegoValue

/// Array builtins.
enum ArrayBuiltins {
    static let all: [Builtin] = []
}
