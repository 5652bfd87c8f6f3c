import RegoValue

/// Encoding builtins.
enum EncodingBuiltins {
    static let all: [Builtin] = []
}
