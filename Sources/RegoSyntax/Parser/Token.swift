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

    // The fields are laid out largest first and the position is kept in 32-bit numbers, so
    // that a token takes 40 bytes rather than 56: a large policy file is hundreds of thousands of
    // tokens, written by the lexer and copied into each parsing thread's run.
    var text: String
    private var storedLine: UInt32
    private var storedColumn: UInt32
    var kind: Kind
    /// Whether whitespace, a comment or a line break separates this token from the previous one.
    var spaceBefore: Bool
    var parts: [TemplatePart] = []

    init(kind: Kind, text: String, line: Int, column: Int, spaceBefore: Bool) {
        self.text = text
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
        self.kind = kind
        self.spaceBefore = spaceBefore
    }

    var line: Int { Int(storedLine) }
    var column: Int { Int(storedColumn) }

    func isPunct(_ p: String) -> Bool { kind == .punct && text == p }
    func isIdent(_ name: String) -> Bool { kind == .ident && text == name }

    /// How OPA names the token in `unexpected … token` messages.
    var describe: String {
        switch kind {
        case .ident: Keywords.contains(text) ? "\(text) keyword" : "identifier token"
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
    /// Whether `word` is a reserved word: `as`, `contains`, `default`, `else`, `every`, `false`,
    /// `if`, `import`, `in`, `not`, `null`, `package`, `some`, `true`, `with`.
    ///
    /// The parser asks this of nearly every identifier it reads, so the word's length and first
    /// byte pick the one or two keywords it could be, instead of hashing it into a set.
    static func contains(_ word: String) -> Bool {
        let utf8 = word.utf8
        guard let first = utf8.first else { return false }
        switch (utf8.count, first) {
        case (2, UInt8(ascii: "a")): return word == "as"
        case (2, UInt8(ascii: "i")): return word == "if" || word == "in"
        case (3, UInt8(ascii: "n")): return word == "not"
        case (4, UInt8(ascii: "e")): return word == "else"
        case (4, UInt8(ascii: "n")): return word == "null"
        case (4, UInt8(ascii: "s")): return word == "some"
        case (4, UInt8(ascii: "t")): return word == "true"
        case (4, UInt8(ascii: "w")): return word == "with"
        case (5, UInt8(ascii: "e")): return word == "every"
        case (5, UInt8(ascii: "f")): return word == "false"
        case (6, UInt8(ascii: "i")): return word == "import"
        case (7, UInt8(ascii: "d")): return word == "default"
        case (7, UInt8(ascii: "p")): return word == "package"
        case (8, UInt8(ascii: "c")): return word == "contains"
        default: return false
        }
    }
}
