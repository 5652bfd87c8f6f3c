import RegoValue

/// Bits builtins.
enum BitsBuiltins {
    static let all: [Builtin] = []
}
