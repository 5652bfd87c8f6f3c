import RegoValue

/// JSON builtins.
enum JSONBuiltins {
    static let all: [Builtin] = []
}
