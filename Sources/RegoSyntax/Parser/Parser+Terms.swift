import RegoValue

/// Infix operators, scalars, variables, references and calls.
extension Parser {
    /// Binding strength of infix operators: `in` < relational < `|` < `&` < `+ -` < `* / %`.
    enum Level {
        static let membership = 1
        static let relation = 2
        static let union = 3
        static let intersection = 4
        static let sum = 5
        static let product = 6
    }

    /// The level and builtin name (OPA's) of `token` as an infix operator, if it is one.
    ///
    /// This runs after every term, mostly on `;`, `}`, `,` or `)`. Punctuation is one of the
    /// lexer's fixed spellings, so its first byte tells the operators apart (but `=` from `==`,
    /// `<` from `<=` and `>` from `>=`) without hashing the spelling.
    func infixOperator(_ token: Token) -> (level: Int, name: String)? {
        switch token.kind {
        case .ident: return token.text == "in" ? (Level.membership, Operator.member2) : nil
        case .punct: break
        default: return nil
        }
        let text = token.text
        switch text.utf8.first {
        case UInt8(ascii: "="): return text == "==" ? (Level.relation, "equal") : nil
        case UInt8(ascii: "!"): return (Level.relation, "neq")
        case UInt8(ascii: "<"): return (Level.relation, text == "<" ? "lt" : "lte")
        case UInt8(ascii: ">"): return (Level.relation, text == ">" ? "gt" : "gte")
        case UInt8(ascii: "|"): return (Level.union, "or")
        case UInt8(ascii: "&"): return (Level.intersection, "and")
        case UInt8(ascii: "+"): return (Level.sum, "plus")
        case UInt8(ascii: "-"): return (Level.sum, "minus")
        case UInt8(ascii: "*"): return (Level.product, "mul")
        case UInt8(ascii: "/"): return (Level.product, "div")
        case UInt8(ascii: "%"): return (Level.product, "rem")
        default: return nil
        }
    }

    /// Parses a term with infix operators binding at least as tightly as `minLevel`; with
    /// `stopAtPipe`, a top-level `|` ends the term (it introduces a comprehension body).
    mutating func parseTermExpr(minLevel: Int = Level.membership, stopAtPipe: Bool = false) throws(RegoError) -> Term {
        var lhs = try parseUnary()
        while let (level, name) = infixOperator(current), level >= minLevel {
            if stopAtPipe, current.isPunct("|") { break }
            advance()
            skipNewlines()
            let rhs = try parseTermExpr(minLevel: level + 1, stopAtPipe: stopAtPipe)
            lhs = Term(.call(name: name, args: [lhs, rhs]), lhs.location)
        }
        return lhs
    }

    /// The rest of `key, value in xs` after the comma, and any further `in` operators applied to it.
    mutating func parseMembership3(key: Term) throws(RegoError) -> Term {
        let value = try parseTermExpr(minLevel: Level.relation)
        guard acceptKeyword("in") else { throw unexpected(current, expected: "in") }
        let collection = try parseTermExpr(minLevel: Level.relation)
        var term = Term(.call(name: Operator.member3, args: [key, value, collection]), key.location)
        while acceptKeyword("in") {
            let rhs = try parseTermExpr(minLevel: Level.relation)
            term = Term(.call(name: Operator.member2, args: [term, rhs]), key.location)
        }
        return term
    }

    /// `-1` (a negative number literal), `-x` (`minus(0, x)`) or a postfix term.
    mutating func parseUnary() throws(RegoError) -> Term {
        guard current.isPunct("-") else { return try parsePostfix() }
        let minus = advance()
        let at = location(minus)
        if current.kind == .number, !current.spaceBefore {
            let literal = advance()
            guard let number = Parser.number("-" + literal.text) else { throw error("invalid number", at: literal) }
            return Term(.scalar(.number(number)), at)
        }
        try enter(minus)
        defer { leave() }
        let operand = try parseUnary()
        return Term(.call(name: "minus", args: [Term(.scalar(.int(0)), at), operand]), at)
    }

    /// A primary term followed by `.name`, `[term]` and call suffixes written without spaces.
    mutating func parsePostfix() throws(RegoError) -> Term {
        var head = try parsePrimary()
        var path: [Term] = []
        // Whether `head.path` so far is a dotted name that a `(` turns into a call.
        var dotted: Bool = { if case .variable = head.kind { return true }; return false }()
        while !current.spaceBefore {
            let token = current
            if token.isPunct(".") {
                advance()
                let name = current
                guard name.kind == .ident, !name.spaceBefore else { throw unexpected(name, expected: "identifier") }
                advance()
                path.append(Term(.scalar(.string(name.text)), location(name)))
            } else if token.isPunct("[") {
                advance()
                ignoresNewlines.append(true)
                defer { ignoresNewlines.removeLast() }
                try enter(token)
                defer { leave() }
                path.append(try parseTermExpr())
                _ = try expect("]")
                dotted = false
            } else if token.isPunct("("), dotted, case .variable(let first) = head.kind {
                let names = path.compactMap { term -> String? in
                    if case .scalar(.string(let s)) = term.kind { return s }
                    return nil
                }
                let name = ([first] + names).joined(separator: ".")
                let args = try parseArguments()
                head = name == "set" && args.isEmpty
                    ? Term(.set([]), head.location) : Term(.call(name: name, args: args), head.location)
                path = []
                dotted = false
            } else {
                break
            }
        }
        return path.isEmpty ? head : Term(.ref(head: head, path: path), head.location)
    }

    /// `(a, b, …)` after a call name.
    mutating func parseArguments() throws(RegoError) -> [Term] {
        let open = try expect("(")
        ignoresNewlines.append(true)
        defer { ignoresNewlines.removeLast() }
        try enter(open)
        defer { leave() }
        var args: [Term] = []
        while !current.isPunct(")") {
            args.append(try parseTermExpr())
            if current.isPunct(")") { break }
            guard accept(",") else { throw unexpected(current, expected: ", or )") }
        }
        advance()
        return args
    }

    /// A number literal's value; magnitudes beyond `Double` (`2e308`) keep their text exactly.
    static func number(_ text: String) -> Number? {
        if let number = Number(text: text) { return number }
        return text.isEmpty ? nil : .bigInteger(text)
    }

    /// Whether the current token is a keyword used as the head of a reference (`false.foo`, `every.x`).
    var currentStartsKeywordRef: Bool {
        let i = peekIndex
        let token = tokens[i]
        guard token.kind == .ident, Keywords.contains(token.text), i + 2 <= lastPosition else { return false }
        let dot = tokens[i + 1], name = tokens[i + 2]
        return dot.isPunct(".") && !dot.spaceBefore && name.kind == .ident && !name.spaceBefore
    }

    /// Scalars, variables, parenthesised terms and composites.
    mutating func parsePrimary() throws(RegoError) -> Term {
        let token = current
        let at = location(token)
        try enter(token)
        defer { leave() }
        switch token.kind {
        case .number:
            advance()
            guard let number = Parser.number(token.text) else { throw error("invalid number", at: token) }
            return Term(.scalar(.number(number)), at)
        case .string, .rawString:
            advance()
            return Term(.scalar(.string(token.text)), at)
        case .ident:
            if currentStartsKeywordRef {
                advance()
                return Term(.variable(token.text), at)
            }
            switch token.text {
            case "null": advance(); return Term(.scalar(.null), at)
            case "true": advance(); return Term(.scalar(.bool(true)), at)
            case "false": advance(); return Term(.scalar(.bool(false)), at)
            case "_": advance(); return freshWildcard(at: at)
            default: break
            }
            // `contains(s, x)` stays callable although `contains` is a keyword.
            let isCall = following.isPunct("(") && !following.spaceBefore
            if Keywords.contains(token.text), !(isCall && token.text == "contains") {
                throw unexpected(token)
            }
            advance()
            return Term(.variable(token.text), at)
        case .punct:
            switch token.text {
            case "(":
                advance()
                ignoresNewlines.append(true)
                defer { ignoresNewlines.removeLast() }
                var inner = try parseTermExpr()
                if accept(",") { inner = try parseMembership3(key: inner) }
                _ = try expect(")")
                return inner
            case "[": return try parseArray()
            case "{": return try parseBraces()
            default: throw unexpected(token)
            }
        case .template:
            advance()
            return try parseTemplate(token)
        case .newline, .eof, .illegal:
            throw unexpected(token)
        }
    }
}
