extension RE2Translator {
    /// RE2's ASCII Perl classes.
    private static let perlClasses: [Unicode.Scalar: String] = [
        "d": "0-9", "s": "\\t\\n\\f\\r ", "w": "0-9A-Za-z_",
    ]

    /// RE2's ASCII POSIX classes (`[[:alpha:]]`); ICU's are Unicode.
    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7F", "blank": "\\t ",
        "cntrl": "\\x00-\\x1F\\x7F", "digit": "0-9", "graph": "!-~", "lower": "a-z",
        "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\x0B\\f\\r ", "upper": "A-Z",
        "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
    ]

    /// Translates the escape at `i` (a backslash and what follows).
    mutating func escape(inClass: Bool) throws(Failure) {
        guard let e = peek(1) else { throw Failure(message: "trailing backslash at end of expression") }
        i += 2
        switch e {
        case "1"..."9":
            throw Failure(message: "invalid escape sequence")
        case "Z", "C", "G", "X", "R", "h", "H", "K", "N", "k", "g", "e", "c", "u", "U", "o":
            throw Failure(message: "invalid escape sequence")
        case "d", "s", "w":
            let set = RE2Translator.perlClasses[e] ?? ""
            out += inClass ? set : "[" + set + "]"
        case "D", "S", "W":
            let lower = Unicode.Scalar(e.value + 32) ?? e
            out += "[^" + (RE2Translator.perlClasses[lower] ?? "") + "]"
        case "v":
            out += "\\x0B"
        case "p", "P", "x":
            out += "\\"
            out.unicodeScalars.append(e)
            if peek() == "{" {
                while let c = peek() {
                    out.unicodeScalars.append(c)
                    i += 1
                    if c == "}" { break }
                }
            }
        case "Q":
            // Literal text up to \E: escape each character instead of relying on ICU's \Q.
            while i < p.count {
                if p[i] == "\\" && i + 1 < p.count && p[i + 1] == "E" { i += 2; break }
                appendLiteral(p[i])
                i += 1
            }
        default:
            out += "\\"
            out.unicodeScalars.append(e)
        }
    }

    /// Appends `c` as a literal character.
    mutating func appendLiteral(_ c: Unicode.Scalar) {
        let isWord = c.properties.isAlphabetic || (c.value >= 48 && c.value <= 57) || c == "_" || c.value > 127
        if !isWord && c.value > 32 { out += "\\" }
        if c.value <= 32 { out += "\\x{" + String(c.value, radix: 16) + "}"; return }
        out.unicodeScalars.append(c)
    }

    /// Translates `[:name:]` (or `[:^name:]`) inside a class; `i` is just past the `[`.
    mutating func posixClass() throws(Failure) {
        var j = i + 1
        var name = ""
        while j + 1 < p.count, !(p[j] == ":" && p[j + 1] == "]") {
            name.unicodeScalars.append(p[j])
            j += 1
        }
        guard j + 1 < p.count else {
            // Not a POSIX class after all: a literal '['.
            out += "\\["
            return
        }
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let set = RE2Translator.posixClasses[name] else { throw Failure(message: "invalid character class range") }
        out += negated ? "[^" + set + "]" : set
        i = j + 2
    }
}
