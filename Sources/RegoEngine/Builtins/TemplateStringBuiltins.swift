import RegoValue

/// `internal.template_string`: renders a template string (`$"…{expr}…"`), which the parser turns
/// into a call with one array of parts: literal text as strings, and each `{expr}` as the set of
/// the values the expression takes (a comprehension, so that an undefined expression leaves the
/// template defined). A number, boolean or null part is a constant expression, rendered as itself.
enum TemplateStringBuiltins {
    /// What an undefined template expression renders as.
    static let undefinedText = "<undefined>"

    static let all: [Builtin] = [
        Builtin("internal.template_string", [.array], .string, category: "strings") { args throws(BuiltinError) in
            guard case .array(let parts) = args[0] else { throw .operand(1, expected: "array", got: args[0]) }
            var text = ""
            for (index, part) in parts.enumerated() {
                switch part {
                case .string(let literal): text += literal
                case .number, .bool, .null: text += part.regoText
                case .set(let values): text += try render(values, at: index + 1)
                case .array, .object:
                    throw .halt("template part \(index + 1) must be text, a constant or the values of an expression but got \(part.typeName)")
                }
            }
            return .string(text)
        },
    ]

    /// An expression's values as its place in the template shows them: a string as its characters,
    /// any other value as Rego text (`[1, "a"]`, `{"k": true}`, `set()`), no value as `<undefined>`.
    /// Several values stop evaluation (in every mode): which one was meant cannot be told.
    static func render(_ values: RegoSet, at position: Int) throws(BuiltinError) -> String {
        guard values.count <= 1 else {
            let shown = values.elements.prefix(3).map(\.regoText).joined(separator: ", ")
            throw .halt("template expression in part \(position) has \(values.count) values (\(shown)\(values.count > 3 ? ", …" : "")) "
                + "where it may have one: bind a single value outside the template (`some x in xs`, then `{x}`), "
                + "or render them all as one collection (`{[x | some x in xs]}`)")
        }
        guard let value = values.elements.first else { return undefinedText }
        if case .string(let s) = value { return s }
        return value.regoText
    }
}
