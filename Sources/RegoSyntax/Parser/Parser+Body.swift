import RegoValue

/// Bodies and their expressions: `not`, `some`, `every`, `with`, `:=`, `=`.
extension Parser {
    /// Expressions separated by line breaks or `;`, up to `closing` (not consumed) or end of input.
    mutating func parseBody(until closing: String?) throws(RegoError) -> Body {
        var body: Body = []
        skipNewlines()
        while true {
            if let closing, current.isPunct(closing) { return body }
            if current.kind == .eof {
                if let closing { throw unexpected(current, expected: closing) }
                return body
            }
            body.append(try parseLiteral())
            let token = current
            if token.kind == .newline || token.isPunct(";") {
                advance()
                skipNewlines()
                continue
            }
            if let closing, token.isPunct(closing) { return body }
            if token.kind == .eof, closing == nil { return body }
            throw unexpected(token, expected: "\\n or ;" + (closing.map { " or \($0)" } ?? ""))
        }
    }

    /// `{ body }`, as after `if`, `else` or `every … in xs`.
    mutating func parseBracedBody() throws(RegoError) -> Body {
        let open = try expect("{")
        try enter(open)
        defer { leave() }
        ignoresNewlines.append(false)
        let body: Body
        do throws(RegoError) {
            body = try parseBody(until: "}")
        } catch {
            ignoresNewlines.removeLast()
            throw error
        }
        ignoresNewlines.removeLast()
        _ = try expect("}")
        return body
    }

    /// One expression with its optional `not` and `with` modifiers.
    mutating func parseLiteral() throws(RegoError) -> Expr {
        let start = current
        let at = location(start)
        let kind: Expr.Kind
        var negated = false
        if start.isIdent("some"), !currentStartsKeywordRef {
            kind = try parseSome()
        } else if start.isIdent("every"), !currentStartsKeywordRef {
            kind = try parseEvery()
        } else {
            negated = start.isIdent("not") && !currentStartsKeywordRef
            if negated { advance() }
            kind = try parseExprKind()
        }
        var withs: [With] = []
        while (current.isIdent("with") || current.kind == .newline) && isKeywordAfterNewlines("with") {
            skipNewlines()
            let keyword = advance()
            let target = try parsePostfix()
            guard acceptKeyword("as") else { throw unexpected(current, expected: "as") }
            let value = try parseTermExpr()
            withs.append(With(target: target, value: value, location: location(keyword)))
        }
        return Expr(kind, negated: negated, withs: withs, location: at)
    }

    /// A term, `a := b`, `a = b` or `k, v in xs`.
    private mutating func parseExprKind() throws(RegoError) -> Expr.Kind {
        let lhs = try parseTermExpr()
        if accept(",") { return .term(try parseMembership3(key: lhs)) }
        if accept(":=") {
            skipNewlines()
            return .assign(lhs, try parseTermExpr())
        }
        if accept("=") {
            skipNewlines()
            return .unify(lhs, try parseTermExpr())
        }
        return .term(lhs)
    }

    /// `some x, y`, `some x in xs` or `some k, v in xs`.
    private mutating func parseSome() throws(RegoError) -> Expr.Kind {
        advance()
        var terms = [try parseTermExpr(minLevel: Level.relation)]
        while accept(",") { terms.append(try parseTermExpr(minLevel: Level.relation)) }
        if acceptKeyword("in") {
            guard terms.count <= 2 else { throw unexpected(current, expected: "at most two terms before in") }
            let collection = try parseTermExpr(minLevel: Level.relation)
            return .someIn(key: terms.count == 2 ? terms[0] : nil, value: terms[terms.count - 1], collection: collection)
        }
        for term in terms {
            guard case .variable = term.kind else {
                throw error("expected var in some declaration", at: term.location)
            }
        }
        return .some(terms)
    }

    /// `every v in xs { … }` or `every k, v in xs { … }`.
    private mutating func parseEvery() throws(RegoError) -> Expr.Kind {
        advance()
        let first = try parseTermExpr(minLevel: Level.relation)
        var second: Term?
        if accept(",") { second = try parseTermExpr(minLevel: Level.relation) }
        guard acceptKeyword("in") else { throw unexpected(current, expected: "in") }
        let domain = try parseTermExpr(minLevel: Level.relation)
        guard current.isPunct("{") else { throw unexpected(current, expected: "{") }
        let body = try parseBracedBody()
        if let second { return .every(key: first, value: second, domain: domain, body: body) }
        return .every(key: nil, value: first, domain: domain, body: body)
    }
}
