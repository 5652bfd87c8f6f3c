import RegoValue

/// Regex builtins.
enum RegexBuiltins {
    static let all: [Builtin] = []
}
