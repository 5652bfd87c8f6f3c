import RegoValue

/// Cast builtins.
enum CastBuiltins {
    static let all: [Builtin] = []
}
