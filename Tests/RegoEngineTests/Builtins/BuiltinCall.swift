@testable import RegoEngine
import RegoValue

/// Calls a registered builtin with a fresh context; a missing builtin is an error.
func callBuiltin(_ name: String, _ operands: Value...) throws -> Value? {
    guard let builtin = BuiltinRegistry.standard[name] else { throw MissingBuiltin(name: name) }
    let context = SimpleBuiltinContext()
    return try builtin.body(Arguments(operands, context: context))
}

/// The error a builtin throws, or nil when it succeeds.
func builtinError(_ name: String, _ operands: Value...) -> BuiltinError? {
    guard let builtin = BuiltinRegistry.standard[name] else { return BuiltinError(.builtin, "missing \(name)") }
    let context = SimpleBuiltinContext()
    do {
        _ = try builtin.body(Arguments(operands, context: context))
        return nil
    } catch {
        return error
    }
}

struct MissingBuiltin: Error {
    let name: String
}
