/// Go's `strconv.Quote` family, for `%q`.
enum GoQuote {
    /// Whether Go's `unicode.IsPrint` holds: letters, marks, numbers, punctuation, symbols and
    /// the ASCII space.
    static func isPrint(_ r: Unicode.Scalar) -> Bool {
        if r == " " { return true }
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Quotes `s` with `quote` (`"` or `'`), escaping as Go does; `asciiOnly` escapes every
    /// non-ASCII rune (`%+q`).
    static func quote(_ s: String, quote: Unicode.Scalar, asciiOnly: Bool) -> String {
        var out = String(quote)
        for r in s.unicodeScalars {
            if r == quote || r == "\\" { out += "\\"; out.unicodeScalars.append(r); continue }
            if asciiOnly ? (r.value < 0x80 && isPrint(r)) : isPrint(r) { out.unicodeScalars.append(r); continue }
            switch r.value {
            case 7: out += "\\a"
            case 8: out += "\\b"
            case 12: out += "\\f"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case 11: out += "\\v"
            case 0..<0x20, 0x7F: out += "\\x" + hex(r.value, width: 2)
            case 0..<0x10000: out += "\\u" + hex(r.value, width: 4)
            default: out += "\\U" + hex(r.value, width: 8)
            }
        }
        out.unicodeScalars.append(quote)
        return out
    }

    /// Go's `strconv.CanBackquote`: no back quotes and no control characters other than tab.
    static func canBackquote(_ s: String) -> Bool {
        for r in s.unicodeScalars {
            if r == "`" || r == "\u{FEFF}" { return false }
            if r.value < 0x20 && r != "\t" || r.value == 0x7F { return false }
        }
        return true
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let h = String(v, radix: 16)
        return h.count < width ? String(repeating: "0", count: width - h.count) + h : h
    }
}
