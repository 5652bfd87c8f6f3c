/// Template strings: `$"a {x} b"` and `` $`a {x} b` ``, with `\{` for a literal brace.
extension Lexer {
    /// Template strings nested inside template expressions deeper than this are rejected.
    static let maxTemplateNesting = 32

    enum TemplateResult { case success([Token.TemplatePart]), failure(String) }

    /// Lexes a template string starting at its `$`, collecting literal text and expression sources.
    mutating func lexTemplate(raw: Bool, nesting: Int) -> TemplateResult {
        guard nesting < Lexer.maxTemplateNesting else { return .failure("template strings nested too deeply") }
        let quote: Unicode.Scalar = raw ? "`" : "\""
        advance()
        advance()
        var parts: [Token.TemplatePart] = []
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek(), raw || c != "\n" else { return .failure("non-terminated template string") }
            if c == quote {
                advance()
                if !text.isEmpty { parts.append(.text(String(text))) }
                return .success(parts)
            }
            if c == "\\", peek(1) == "{" {
                advance(); advance()
                text.append("{")
            } else if c == "\\", !raw {
                advance()
                if let failure = lexEscape(into: &text) { return .failure(failure) }
            } else if c == "{" {
                if !text.isEmpty { parts.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                advance()
                let startLine = line, startColumn = column, start = index
                guard skipExpression(nesting: nesting) else { return .failure("non-terminated template expression") }
                let source = self.text(start..<(index - 1))
                parts.append(.expression(source, line: startLine, column: startColumn))
            } else {
                text.append(c)
                advance()
            }
        }
    }

    /// Skips an embedded expression up to and including its closing `}`.
    private mutating func skipExpression(nesting: Int) -> Bool {
        var depth = 1
        while let c = peek() {
            switch c {
            case "{": depth += 1; advance()
            case "}":
                depth -= 1
                advance()
                if depth == 0 { return true }
            case "\"":
                advance()
                while let d = peek(), d != "\"", d != "\n" {
                    advance()
                    if d == "\\" { advance() }
                }
                guard peek() == "\"" else { return false }
                advance()
            case "`":
                advance()
                while let d = peek(), d != "`" { advance() }
                guard peek() != nil else { return false }
                advance()
            case "$" where peek(1) == "\"" || peek(1) == "`":
                guard case .success = lexTemplate(raw: peek(1) == "`", nesting: nesting + 1) else { return false }
            default: advance()
            }
        }
        return false
    }
}
