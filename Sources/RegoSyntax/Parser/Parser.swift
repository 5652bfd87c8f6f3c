/// A recursive-descent parser over the token list of one source text.
struct Parser {
    /// Deepest nesting of terms, bodies and unary operators before parsing stops with an error.
    static let maxDepth = 200
    /// Errors collected before a module parse gives up.
    static let maxErrors = 20

    /// The tokens, ending with `.eof`: a slice, so that a parallel parser's piece can be a run of
    /// the lexer's tokens in place. Positions are the slice's own indices.
    let tokens: ArraySlice<Token>
    var pos: Int
    /// The position of the last token (`.eof`).
    let lastPosition: Int
    let file: String
    /// `file`'s number for the locations this parser makes.
    let fileNumber: UInt32
    var errors: [RegoError] = []
    /// Counter for the fresh names given to `_` wildcards.
    var wildcards = 0
    var depth = 0
    /// Stack of contexts: true where line breaks are insignificant (inside `()`, `[]`, object/set `{}`).
    var ignoresNewlines: [Bool] = [false]

    init(text: String, file: String, line: Int = 1, column: Int = 1) {
        tokens = Lexer.tokenize(text, line: line, column: column)[...]
        pos = tokens.startIndex
        lastPosition = tokens.endIndex - 1
        self.file = file
        fileNumber = SourceFileNames.number(of: file)
    }

    /// A parser over tokens already read (ending with `.eof`).
    init(tokens: ArraySlice<Token>, file: String) {
        self.tokens = tokens
        pos = tokens.startIndex
        lastPosition = tokens.endIndex - 1
        self.file = file
        fileNumber = SourceFileNames.number(of: file)
    }

    // MARK: Token access

    /// Index of the next significant token.
    var peekIndex: Int {
        var i = pos
        if ignoresNewlines.last == true {
            while i < lastPosition, tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    /// The next significant token (line breaks skipped where they are insignificant), lent rather
    /// than copied: most uses only test its kind or spelling.
    var current: Token {
        _read { yield tokens[peekIndex] }
    }

    /// The token after `current`.
    var following: Token {
        let i = peekIndex
        return i < lastPosition ? tokens[i + 1] : tokens[lastPosition]
    }

    /// Consumes and returns the current token (never moves past the end).
    @discardableResult
    mutating func advance() -> Token {
        let i = peekIndex
        let token = tokens[i]
        pos = token.kind == .eof ? i : i + 1
        return token
    }

    /// Skips line breaks even where they are significant.
    mutating func skipNewlines() {
        while pos < lastPosition, tokens[pos].kind == .newline { pos += 1 }
    }

    /// Whether the next token, possibly after line breaks, is the keyword `name` (not a ref head
    /// such as `else.x`).
    func isKeywordAfterNewlines(_ name: String) -> Bool {
        var i = pos
        while i < lastPosition, tokens[i].kind == .newline { i += 1 }
        guard tokens[i].isIdent(name) else { return false }
        return i >= lastPosition || !(tokens[i + 1].isPunct(".") && !tokens[i + 1].spaceBefore)
    }

    mutating func accept(_ punct: String) -> Bool {
        if current.isPunct(punct) { advance(); return true }
        return false
    }

    mutating func acceptKeyword(_ name: String) -> Bool {
        if current.isIdent(name) { advance(); return true }
        return false
    }

    mutating func expect(_ punct: String) throws(RegoError) -> Token {
        guard current.isPunct(punct) else { throw unexpected(current, expected: punct) }
        return advance()
    }

    // MARK: Errors and locations

    func location(_ token: Token) -> Location { Location(fileNumber: fileNumber, line: token.line, column: token.column) }

    func error(_ message: String, at token: Token) -> RegoError {
        RegoError(code: RegoError.parse, message: message, location: location(token))
    }

    func error(_ message: String, at location: Location) -> RegoError {
        RegoError(code: RegoError.parse, message: message, location: location)
    }

    /// OPA-style `unexpected X token: expected Y`.
    func unexpected(_ token: Token, expected: String? = nil) -> RegoError {
        if token.kind == .illegal { return error(token.text, at: token) }
        let suffix = expected.map { ": expected \($0)" } ?? ""
        return error("unexpected \(token.describe)\(suffix)", at: token)
    }

    /// Enters one nesting level, failing cleanly past `maxDepth`.
    mutating func enter(_ token: Token) throws(RegoError) {
        depth += 1
        if depth > Parser.maxDepth { throw error("nesting depth exceeds \(Parser.maxDepth)", at: token) }
    }

    mutating func leave() { depth -= 1 }

    /// A fresh `$_N` variable for a `_` wildcard.
    mutating func freshWildcard(at location: Location) -> Term {
        let term = Term(.variable("$_\(wildcards)"), location)
        wildcards += 1
        return term
    }

    // MARK: Whole inputs

    /// Parses a query up to the end of input, recording errors.
    mutating func parseQueryToEnd() -> Body {
        do throws(RegoError) {
            skipNewlines()
            let body = try parseBody(until: nil)
            if current.kind != .eof { throw unexpected(current) }
            if body.isEmpty { throw error("empty query", at: current) }
            return body
        } catch {
            errors.append(error)
            return []
        }
    }

    /// Parses one term up to the end of input, recording errors.
    mutating func parseTermToEnd() -> Term? {
        ignoresNewlines.append(true)
        defer { ignoresNewlines.removeLast() }
        do throws(RegoError) {
            let term = try parseTermExpr()
            if current.kind != .eof { throw unexpected(current, expected: "end of input") }
            return term
        } catch {
            errors.append(error)
            return nil
        }
    }
}
