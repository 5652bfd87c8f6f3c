/// Splits Rego source into tokens, tracking 1-based line and column (in Unicode scalars).
struct Lexer {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1

    init(_ text: Substring, line: Int = 1, column: Int = 1) {
        // One pass into room for as many scalars as there are UTF-8 bytes: the ASCII run at the
        // start (most policies are all ASCII) is widened byte by byte in a plain loop, the rest
        // decoded scalar by scalar.
        let utf8 = text.utf8
        scalars = [Unicode.Scalar](unsafeUninitializedCapacity: utf8.count) { buffer, count in
            count = utf8.withContiguousStorageIfAvailable { bytes -> Int in
                var ascii = 0
                while ascii < bytes.count, bytes[ascii] < 0x80 {
                    buffer.initializeElement(at: ascii, to: Unicode.Scalar(bytes[ascii]))
                    ascii += 1
                }
                return ascii
            } ?? 0
            for scalar in text[utf8.index(utf8.startIndex, offsetBy: count)...].unicodeScalars {
                buffer.initializeElement(at: count, to: scalar)
                count += 1
            }
        }
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
        tokens.reserveCapacity(lexer.scalars.count / 4 + 16)
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

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
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
            while index < scalars.count, Lexer.isIdentStart(scalars[index]) || Lexer.isDigit(scalars[index]) { index += 1 }
            column += index - start
            return make(.ident, asciiText(start..<index))
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
        return asciiText(start..<index)
    }

    /// The scalars in `range` as a string, encoded as UTF-8 in one buffer.
    private func text(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count * 4) { buffer in
            var count = 0
            for i in range {
                let scalar = scalars[i]
                if scalar.isASCII {
                    buffer[count] = UInt8(truncatingIfNeeded: scalar.value)
                    count += 1
                } else {
                    for byte in scalar.utf8 {
                        buffer[count] = byte
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// The text of an ASCII-only range of the input (identifiers, numbers).
    private func asciiText(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            for (offset, i) in range.enumerated() { buffer[offset] = UInt8(truncatingIfNeeded: scalars[i].value) }
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
        while end < scalars.count, scalars[end] != "\"", scalars[end] != "\\", scalars[end] != "\n" { end += 1 }
        if end < scalars.count, scalars[end] == "\"" {
            let text = self.text(index..<end)
            column += end - index + 1
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

    static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
    }
}
