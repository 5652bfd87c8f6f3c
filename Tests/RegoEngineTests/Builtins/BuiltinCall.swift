import RegoValue
@testable import RegoEngine

/// Calls a registered builtin with the given operands, as the evaluator would.
func call(_ name: String, _ operands: Value...) throws(BuiltinError) -> Value? {
    guard let builtin = BuiltinRegistry.standard[name] else {
        throw BuiltinError.builtin("no builtin named \(name)")
    }
    let context = SimpleBuiltinContext(printer: { _ in })
    let result = try builtin.body(Arguments(operands, context: context))
    withExtendedLifetime(context) {}
    return result
}

/// The error a builtin call throws, or nil when it succeeds.
func callError(_ name: String, _ operands: Value...) -> BuiltinError? {
    guard let builtin = BuiltinRegistry.standard[name] else { return BuiltinError.builtin("no builtin named \(name)") }
    let context = SimpleBuiltinContext(printer: { _ in })
    defer { withExtendedLifetime(context) {} }
    do {
        _ = try builtin.body(Arguments(operands, context: context))
        return nil
    } catch {
        return error
    }
}

/// A number value from its exact text (for integers beyond 64 bits).
func big(_ text: String) -> Value { .number(.bigInteger(text)) }

/// A set value.
func set(_ elements: Value...) -> Value { .set(RegoSet(elements)) }

/// The exact JSON text of a call's result: checks big integers digit by digit, which `==` (that
/// compares mixed integer kinds through doubles) cannot.
func callText(_ name: String, _ operands: Value...) throws(BuiltinError) -> String? {
    guard let builtin = BuiltinRegistry.standard[name] else { throw BuiltinError.builtin("no builtin named \(name)") }
    let context = SimpleBuiltinContext(printer: { _ in })
    defer { withExtendedLifetime(context) {} }
    return try builtin.body(Arguments(operands, context: context))?.jsonText
}


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
