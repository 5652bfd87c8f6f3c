import RegoValue

/// Rule heads, bodies and `else` chains.
extension Parser {
    /// One rule: `[default] head [contains v | := v | = v] [if body] [else …]*`.
    mutating func parseRule() throws(RegoError) -> Rule {
        let start = current
        let isDefault = acceptKeyword("default")
        let nameToken = current
        if nameToken.kind == .ident, Keywords.contains(nameToken.text), !currentStartsKeywordRef {
            throw error("\(nameToken.text) keyword cannot be used for rule name", at: nameToken)
        }
        if nameToken.isIdent("_") { throw error("var cannot be used for rule name", at: nameToken) }
        let head = try parsePostfix()
        var (kind, ref) = try ruleHead(head)
        var value: Term?
        var isAssignment = false
        if current.isIdent("contains") {
            advance()
            guard case .complete = kind, !isDefault else { throw error("unexpected contains keyword", at: nameToken) }
            kind = .partialSet
            value = try parseTermExpr()
        } else if accept(":=") {
            isAssignment = true
            skipNewlines()
            value = try parseTermExpr()
        } else if accept("=") {
            skipNewlines()
            value = try parseTermExpr()
        }
        var body: Body = []
        var hasBody = false
        if isDefault {
            guard value != nil else { throw unexpected(current, expected: ":= or =") }
        } else if acceptKeyword("if") {
            body = try parseRuleBody()
            hasBody = true
        } else if current.isPunct("{") {
            throw error("`if` keyword is required before rule body", at: current)
        }
        if !isDefault, !hasBody, value == nil {
            throw unexpected(current, expected: "if, := or =")
        }
        var elses: [Else] = []
        while isKeywordAfterNewlines("else") {
            skipNewlines()
            let keyword = current
            guard case .partialSet = kind else {
                if isDefault { throw error("else keyword cannot be used on default rules", at: keyword) }
                elses.append(try parseElse())
                continue
            }
            throw error("else keyword cannot be used on multi-value rules", at: keyword)
        }
        return Rule(kind: kind, ref: ref, value: value, isAssignment: isAssignment, isDefault: isDefault,
                    body: body, elses: elses, location: location(start))
    }

    /// The kind and head reference of a rule from its parsed head term.
    private func ruleHead(_ head: Term) throws(RegoError) -> (Rule.Kind, [Term]) {
        switch head.kind {
        case .variable:
            return (.complete, [head])
        case .ref(let root, let path):
            guard case .variable = root.kind else { throw error("ref cannot be used for rule name", at: head.location) }
            return (.complete, [root] + path)
        case .call(let name, let args):
            let parts = name.split(separator: ".").map(String.init)
            guard let first = parts.first else { throw error("call cannot be used for rule name", at: head.location) }
            var ref = [Term(.variable(first), head.location)]
            for part in parts.dropFirst() { ref.append(Term(.scalar(.string(part)), head.location)) }
            return (.function(args: args), ref)
        case .scalar(let value):
            throw error("\(value.typeName) cannot be used for rule name", at: head.location)
        default:
            throw error("term cannot be used for rule name", at: head.location)
        }
    }

    /// The body after `if`: braces, or a single expression.
    private mutating func parseRuleBody() throws(RegoError) -> Body {
        if current.isPunct("{") {
            // `if {x: 1 | …}` may be a single term starting with a brace rather than a body.
            let saved = (pos, wildcards, depth, ignoresNewlines)
            do throws(RegoError) {
                return try parseBracedBody()
            } catch {
                (pos, wildcards, depth, ignoresNewlines) = saved
                if let literal = try? parseLiteral() { return [literal] }
                throw error
            }
        }
        if current.kind == .newline || current.kind == .eof { throw unexpected(current, expected: "rule body") }
        return [try parseLiteral()]
    }

    /// `else [:= v | = v] [if] body`.
    private mutating func parseElse() throws(RegoError) -> Else {
        let keyword = advance()
        var value: Term?
        if accept(":=") || accept("=") {
            skipNewlines()
            value = try parseTermExpr()
        }
        var body: Body = []
        if acceptKeyword("if") {
            body = try parseRuleBody()
        } else if current.isPunct("{") {
            body = try parseBracedBody()
        }
        return Else(value: value, body: body, location: location(keyword))
    }
}
