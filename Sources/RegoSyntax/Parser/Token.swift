/// One lexical token of Rego source.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// An identifier or keyword (`text` is its spelling).
        case ident
        /// A string literal (`text` is the decoded value).
        case string
        /// A raw (backtick) string literal (`text` is the value, byte-exact).
        case rawString
        /// A number literal (`text` as written).
        case number
        /// An operator or punctuation (`text` is its spelling, e.g. `:=`, `[`).
        case punct
        /// One or more line breaks.
        case newline
        case eof
        /// A template string `$"…{expr}…"` or `` $`…` `` (its pieces are in `parts`).
        case template
        /// A lexical error; `text` is the message.
        case illegal
    }

    /// A piece of a template string: literal text, or the source of an embedded expression.
    enum TemplatePart: Sendable, Equatable {
        case text(String)
        case expression(String, line: Int, column: Int)
    }

    var kind: Kind
    var text: String
    var line: Int
    var column: Int
    /// Whether whitespace, a comment or a line break separates this token from the previous one.
    var spaceBefore: Bool
    var parts: [TemplatePart] = []

    func isPunct(_ p: String) -> Bool { kind == .punct && text == p }
    func isIdent(_ name: String) -> Bool { kind == .ident && text == name }

    /// How OPA names the token in `unexpected … token` messages.
    var describe: String {
        switch kind {
        case .ident: Keywords.all.contains(text) ? "\(text) keyword" : "identifier token"
        case .string, .rawString, .template: "string token"
        case .number: "number token"
        case .punct: "\(text) token"
        case .newline: "newline token"
        case .eof: "eof token"
        case .illegal: "illegal token"
        }
    }
}

/// Rego v1's reserved words.
enum Keywords {
    static let all: Set<String> = [
        "as", "default", "else", "every", "false", "if", "import", "in", "not", "null",
        "package", "some", "true", "with", "contains",
    ]
}
