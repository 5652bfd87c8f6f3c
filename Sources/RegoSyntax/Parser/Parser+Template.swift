import RegoValue

/// Template strings, desugared to `internal.template_string([parts])`.
///
/// Literal text stays a string; each `{expr}` becomes the set comprehension `{$_N | $_N := expr}`
/// (keeping the expression's `with` modifiers), so an undefined expression yields an empty set
/// that the builtin renders as `<undefined>`.
extension Parser {
    /// The builtin that renders a template string's parts.
    static let templateBuiltin = "internal.template_string"

    mutating func parseTemplate(_ token: Token) throws(RegoError) -> Term {
        let at = location(token)
        var parts: [Term] = []
        for part in token.parts {
            switch part {
            case .text(let text):
                parts.append(Term(.scalar(.string(text)), at))
            case .expression(let source, let line, let column):
                var inner = Parser(text: source, file: file, line: line, column: column)
                inner.wildcards = wildcards
                inner.depth = depth
                inner.ignoresNewlines = [true]
                let literal = try inner.parseTemplateExpression()
                wildcards = inner.wildcards
                guard case .term(let value) = literal.kind, !literal.negated else {
                    throw error("template expression must be a term", at: literal.location)
                }
                let result = freshWildcard(at: value.location)
                let assign = Expr(.assign(result, value), withs: literal.withs, location: value.location)
                parts.append(Term(.setComprehension(head: result, body: [assign]), value.location))
            }
        }
        return Term(.call(name: Parser.templateBuiltin, args: [Term(.array(parts), at)]), at)
    }

    /// One expression filling a whole template placeholder.
    private mutating func parseTemplateExpression() throws(RegoError) -> Expr {
        if current.kind == .eof { throw error("empty template expression", at: current) }
        let literal = try parseLiteral()
        if current.kind != .eof { throw unexpected(current, expected: "}") }
        return literal
    }
}
