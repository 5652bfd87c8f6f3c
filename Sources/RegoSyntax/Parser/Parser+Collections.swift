/// Arrays, objects, sets and comprehensions.
extension Parser {
    /// `[a, b]` or `[x | body]`.
    mutating func parseArray() throws(RegoError) -> Term {
        let open = try expect("[")
        let at = location(open)
        ignoresNewlines.append(true)
        defer { ignoresNewlines.removeLast() }
        if accept("]") { return Term(.array([]), at) }
        let first = try parseTermExpr(stopAtPipe: true)
        if accept("|") {
            let body = try parseComprehensionBody(closing: "]")
            return Term(.arrayComprehension(head: first, body: body), at)
        }
        let elements = try parseElements(after: first, closing: "]")
        return Term(.array(elements), at)
    }

    /// `{}` (empty object), `{k: v, …}`, `{a, b}`, `{x | body}` or `{k: v | body}`.
    mutating func parseBraces() throws(RegoError) -> Term {
        let open = try expect("{")
        let at = location(open)
        ignoresNewlines.append(true)
        defer { ignoresNewlines.removeLast() }
        if accept("}") { return Term(.object([]), at) }
        let first = try parseTermExpr(stopAtPipe: true)
        if accept(":") {
            let value = try parseTermExpr(stopAtPipe: true)
            if accept("|") {
                let body = try parseComprehensionBody(closing: "}")
                return Term(.objectComprehension(key: first, value: value, body: body), at)
            }
            var pairs: [(key: Term, value: Term)] = [(first, value)]
            while accept(",") {
                if current.isPunct("}") { break }
                let key = try parseTermExpr()
                _ = try expect(":")
                pairs.append((key, try parseTermExpr()))
            }
            _ = try expect("}")
            return Term(.object(pairs), at)
        }
        if accept("|") {
            let body = try parseComprehensionBody(closing: "}")
            return Term(.setComprehension(head: first, body: body), at)
        }
        let elements = try parseElements(after: first, closing: "}")
        return Term(.set(elements), at)
    }

    /// The remaining `, term` elements of an array or set, and its closing bracket.
    private mutating func parseElements(after first: Term, closing: String) throws(RegoError) -> [Term] {
        var elements = [first]
        while accept(",") {
            if current.isPunct(closing) { break }
            elements.append(try parseTermExpr())
        }
        guard current.isPunct(closing) else { throw unexpected(current, expected: ", or \(closing)") }
        advance()
        return elements
    }

    /// The body after `|` in a comprehension, where line breaks separate expressions again.
    private mutating func parseComprehensionBody(closing: String) throws(RegoError) -> Body {
        ignoresNewlines.append(false)
        let body: Body
        do throws(RegoError) {
            body = try parseBody(until: closing)
        } catch {
            ignoresNewlines.removeLast()
            throw error
        }
        ignoresNewlines.removeLast()
        if body.isEmpty { throw error("empty comprehension body", at: current) }
        _ = try expect(closing)
        return body
    }
}
