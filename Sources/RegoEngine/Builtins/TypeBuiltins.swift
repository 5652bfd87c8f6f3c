import RegoValue

/// Type builtins.
enum TypeBuiltins {
    static let all: [Builtin] = []
}
