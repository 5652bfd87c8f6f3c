/// Splits Rego source into tokens, tracking 1-based line and column (in Unicode scalars).
///
/// It reads the text's UTF-8 bytes, a copy made in one move: a scalar is decoded where it is
/// looked at, and ASCII (all of most policies) is its own byte. Decoded up front, a megabyte of
/// policy took four megabytes of scalars, written and read again.
struct Lexer {
    let bytes: [UInt8]
    /// The byte the next scalar starts at.
    var index = 0
    var line = 1
    var column = 1

    init(_ text: Substring, line: Int = 1, column: Int = 1) {
        // Copied in one move from the string's storage (a byte at a time where it has none).
        bytes = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
        self.line = line
        self.column = column
    }

    /// Tokenizes `text` in one pass; the result always ends with an `.eof` token. `tokenize` lexes
    /// large texts in pieces, each with this.
    static func tokenizeInOnePiece(_ text: Substring, line: Int = 1, column: Int = 1) -> [Token] {
        var lexer = Lexer(text, line: line, column: column)
        var tokens: [Token] = []
        // About one token per four bytes of policy: reserving that spares copying the tokens as
        // the array grows (pages reserved but not reached are never touched).
        tokens.reserveCapacity(lexer.bytes.count / 4 + 16)
        while true {
            let token = lexer.next()
            let end = token.kind == .eof
            append(token, to: &tokens)
            if end { return tokens }
        }
    }

    /// Appends the token read after `tokens`: one after a line break is spaced, and a run of line
    /// breaks is one token. The token is moved in, and the last one read in place, not copied.
    @inline(__always)
    static func append(_ token: consuming Token, to tokens: inout [Token]) {
        if !tokens.isEmpty, tokens[tokens.count - 1].kind == .newline {
            if token.kind == .newline { return }
            token.spaceBefore = true
        }
        tokens.append(token)
    }

    /// The scalar `offset` bytes ahead: the next one, or (callers look further only past ASCII)
    /// one after it. nil at the end.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        guard i < bytes.count else { return nil }
        let first = bytes[i]
        return first < 0x80 ? Unicode.Scalar(first) : decode(at: i)
    }

    mutating func advance() {
        guard index < bytes.count else { return }
        let first = bytes[index]
        if first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        index += first < 0x80 ? 1 : Lexer.sequenceLength(first)
    }

    /// The scalar whose UTF-8 sequence starts at `i` (the text is valid UTF-8: it is a Swift
    /// string cut at line starts). A byte that starts no sequence reads as U+FFFD.
    private func decode(at i: Int) -> Unicode.Scalar {
        let first = bytes[i]
        let length = Lexer.sequenceLength(first)
        guard length > 1, i + length <= bytes.count else { return "\u{FFFD}" }
        var value = UInt32(first) & (0xFF >> (length + 1))
        for byte in bytes[(i + 1)..<(i + length)] { value = value << 6 | UInt32(byte & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The length of the UTF-8 sequence a byte starts (1 for ASCII and for a continuation byte).
    private static func sequenceLength(_ first: UInt8) -> Int {
        switch first {
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0..<0xF8: 4
        default: 1
        }
    }

    /// How many scalars the bytes in `range` hold (those that are not continuation bytes).
    private func scalarCount(_ range: Range<Int>) -> Int {
        var count = 0
        for i in range where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    private mutating func next() -> Token {
        var spaced = false
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" {
                advance(); spaced = true
            } else if c == "#" {
                while let d = peek(), d != "\n" { advance() }
                spaced = true
            } else {
                break
            }
        }
        let startLine = line, startColumn = column
        func make(_ kind: Token.Kind, _ text: String) -> Token {
            Token(kind: kind, text: text, line: startLine, column: startColumn, spaceBefore: spaced)
        }
        guard let c = peek() else { return make(.eof, "") }
        if c == "\n" { advance(); return make(.newline, "\n") }
        if Lexer.isIdentStart(c) {
            let start = index
            // Identifiers are ASCII and never span lines: only the column moves.
            while index < bytes.count, Lexer.isIdentByte(bytes[index]) { index += 1 }
            column += index - start
            return make(.ident, text(start..<index))
        }
        if Lexer.isDigit(c) { return make(.number, lexNumber()) }
        if c == "\"" {
            switch lexString() {
            case .success(let s): return make(.string, s)
            case .failure(let message): return make(.illegal, message)
            }
        }
        if c == "$", let q = peek(1), q == "\"" || q == "`" {
            switch lexTemplate(raw: q == "`", nesting: 0) {
            case .success(let parts):
                var token = make(.template, "")
                token.parts = parts
                return token
            case .failure(let message): return make(.illegal, message)
            }
        }
        if c == "`" {
            advance()
            var text = String.UnicodeScalarView()
            while let d = peek(), d != "`" { text.append(d); advance() }
            guard peek() != nil else { return make(.illegal, "non-terminated raw string") }
            advance()
            return make(.rawString, String(text))
        }
        if peek(1) == "=", let op = Lexer.twoCharacterOperator(first: c) {
            advance(); advance()
            return make(.punct, op)
        }
        if let punct = Lexer.punctuation(c) {
            advance()
            return make(.punct, punct)
        }
        advance()
        return make(.illegal, "illegal token")
    }

    private mutating func lexNumber() -> String {
        let start = index
        while let d = peek(), Lexer.isDigit(d) { advance() }
        if peek() == ".", let d = peek(1), Lexer.isDigit(d) {
            advance()
            while let d = peek(), Lexer.isDigit(d) { advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            var offset = 1
            if let s = peek(1), s == "+" || s == "-" { offset = 2 }
            if let d = peek(offset), Lexer.isDigit(d) {
                for _ in 0..<offset { advance() }
                while let d = peek(), Lexer.isDigit(d) { advance() }
            }
        }
        return text(start..<index)
    }

    /// The text of the bytes in `range` (whole scalars).
    func text(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            _ = buffer.initialize(fromContentsOf: bytes[range])
            return range.count
        }
    }

    /// `:=`, `==`, `!=`, `<=`, `>=` from their first character (the second is `=`).
    private static func twoCharacterOperator(first c: Unicode.Scalar) -> String? {
        switch c {
        case ":": ":="
        case "=": "=="
        case "!": "!="
        case "<": "<="
        case ">": ">="
        default: nil
        }
    }

    /// The one-character punctuation tokens.
    private static func punctuation(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "(": "("
        case ")": ")"
        case "[": "["
        case "]": "]"
        case "{": "{"
        case "}": "}"
        case ".": "."
        case ",": ","
        case ";": ";"
        case ":": ":"
        case "=": "="
        case "<": "<"
        case ">": ">"
        case "+": "+"
        case "-": "-"
        case "*": "*"
        case "/": "/"
        case "%": "%"
        case "&": "&"
        case "|": "|"
        default: nil
        }
    }

    private enum StringResult { case success(String), failure(String) }

    private mutating func lexString() -> StringResult {
        advance()
        // Most strings have no escapes: take them as one slice of the input.
        var end = index
        var ascii = true
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] != UInt8(ascii: "\n") {
            if bytes[end] >= 0x80 { ascii = false }
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let text = self.text(index..<end)
            column += (ascii ? end - index : scalarCount(index..<end)) + 1
            index = end + 1
            return .success(text)
        }
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else { return .failure("non-terminated string") }
            advance()
            if c == "\"" { return .success(String(text)) }
            if c != "\\" { text.append(c); continue }
            if let failure = lexEscape(into: &text) { return .failure(failure) }
        }
    }

    /// Decodes the escape after a consumed backslash; returns a message when it is invalid.
    mutating func lexEscape(into text: inout String.UnicodeScalarView) -> String? {
        guard let e = peek() else { return "non-terminated string" }
        advance()
        switch e {
        case "\"", "\\", "/": text.append(e)
        case "n": text.append("\n")
        case "t": text.append("\t")
        case "r": text.append("\r")
        case "b": text.append("\u{08}")
        case "f": text.append("\u{0C}")
        case "u":
            guard let high = lexHex4() else { return "illegal escape sequence" }
            if (0xD800..<0xDC00).contains(high), peek() == "\\", peek(1) == "u" {
                advance(); advance()
                guard let low = lexHex4(), (0xDC00..<0xE000).contains(low) else {
                    return "illegal escape sequence"
                }
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                text.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            } else {
                text.append(Unicode.Scalar(high) ?? "\u{FFFD}")
            }
        default: return "illegal escape sequence"
        }
        return nil
    }

    private mutating func lexHex4() -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek(), let digit = Lexer.hexValue(c) else { return nil }
            value = value * 16 + digit
            advance()
        }
        return value
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 48...57: c.value - 48
        case 65...70: c.value - 55
        case 97...102: c.value - 87
        default: nil
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// A byte of an identifier: an ASCII letter, digit or `_`.
    static func isIdentByte(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || (b >= 48 && b <= 57)
    }

    static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
    }
}
