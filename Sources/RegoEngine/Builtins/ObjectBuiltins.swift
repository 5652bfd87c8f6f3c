import RegoValue

/// Object builtins.
enum ObjectBuiltins {
    static let all: [Builtin] = []
}
