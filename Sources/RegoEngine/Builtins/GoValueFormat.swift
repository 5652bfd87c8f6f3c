/// Formats one `sprintf` operand for one verb, as Go's `fmt` does for `int`, `*big.Int`,
/// `float64` and `string`.
enum GoValueFormat {
    /// The `%v` text with no flags.
    static func plain(_ arg: GoFormatArgument) -> String {
        format(arg, verb: "v", spec: GoFormatSpec(), sharpV: false)
    }

    static func format(_ arg: GoFormatArgument, verb: Unicode.Scalar, spec: GoFormatSpec, sharpV: Bool) -> String {
        switch arg {
        case .int(let n): return formatInt(n, verb: verb, spec: spec)
        case .bigInt(let text): return formatBigInt(text, verb: verb, spec: spec)
        case .float(let d): return formatFloat(d, verb: verb, spec: spec) ?? badVerb(verb, arg, spec)
        case .string(let s): return formatString(s, verb: verb, spec: spec, sharpV: sharpV) ?? badVerb(verb, arg, spec)
        }
    }

    /// Go's `%!verb(type=value)`: the value is printed with `%v` and the directive's flags.
    static func badVerb(_ verb: Unicode.Scalar, _ arg: GoFormatArgument, _ spec: GoFormatSpec) -> String {
        let typeName = arg.goTypeName
        return "%!\(verb)(\(typeName)=\(format(arg, verb: "v", spec: spec, sharpV: false)))"
    }

    /// Pads to the width, counting runes: spaces (or zeros) on the left, or spaces on the right.
    static func pad(_ s: String, _ spec: GoFormatSpec, zero: Bool? = nil) -> String {
        guard let width = spec.width else { return s }
        let n = s.unicodeScalars.count
        guard n < width else { return s }
        let fill = String(repeating: (zero ?? spec.zero) && !spec.minus ? "0" : " ", count: width - n)
        return spec.minus ? s + fill : fill + s
    }

    private static func base(for verb: Unicode.Scalar) -> Int? {
        switch verb {
        case "v", "d": 10
        case "b": 2
        case "o", "O": 8
        case "x", "X": 16
        default: nil
        }
    }

    // MARK: Integers

    private static func formatInt(_ n: Int, verb: Unicode.Scalar, spec: GoFormatSpec) -> String {
        switch verb {
        case "c":
            return pad(String(Unicode.Scalar(UInt32(clamping: n)).map(Character.init) ?? "\u{FFFD}"), spec)
        case "q":
            let scalar = (n >= 0 ? Unicode.Scalar(UInt32(clamping: n)) : nil) ?? "\u{FFFD}"
            return pad(GoQuote.quote(String(scalar), quote: "'", asciiOnly: spec.plus), spec)
        case "U":
            var hex = String(UInt64(bitPattern: Int64(n)), radix: 16, uppercase: true)
            let minDigits = max(4, spec.precision ?? 0)
            if hex.count < minDigits { hex = String(repeating: "0", count: minDigits - hex.count) + hex }
            var text = "U+" + hex
            if spec.sharp, n >= 0, let scalar = Unicode.Scalar(UInt32(clamping: n)), GoQuote.isPrint(scalar) {
                text += " '\(scalar)'"
            }
            return pad(text, spec, zero: false)
        default:
            guard let b = base(for: verb) else { return badVerb(verb, .int(n), spec) }
            return integer(negative: n < 0, digits: IntegerText.magnitude(n, base: b), base: b, verb: verb, spec: spec)
        }
    }

    /// Go's `fmtInteger`: precision or zero padding of the digits, `#` prefixes, sign, width.
    private static func integer(negative: Bool, digits: String, base: Int, verb: Unicode.Scalar, spec: GoFormatSpec) -> String {
        var digits = verb == "X" ? digits.uppercased() : digits
        var minDigits = 0
        if let p = spec.precision {
            if p == 0 && digits == "0" { return pad("", spec, zero: false) }
            minDigits = p
        } else if spec.zero, let w = spec.width, !spec.minus {
            minDigits = (negative || spec.plus || spec.space) ? w - 1 : w
        }
        if digits.count < minDigits { digits = String(repeating: "0", count: minDigits - digits.count) + digits }
        if spec.sharp {
            switch base {
            case 2: digits = "0b" + digits
            case 8: if !digits.hasPrefix("0") { digits = "0" + digits }
            case 16: digits = (verb == "X" ? "0X" : "0x") + digits
            default: break
            }
        }
        if verb == "O" { digits = "0o" + digits }
        if negative { digits = "-" + digits } else if spec.plus { digits = "+" + digits } else if spec.space { digits = " " + digits }
        return pad(digits, spec, zero: false)
    }

    /// `*big.Int`'s `Format`: its own padding rules, and its own bad-verb text.
    private static func formatBigInt(_ text: String, verb: Unicode.Scalar, spec: GoFormatSpec) -> String {
        let b: Int
        switch verb {
        case "s": b = 10
        default:
            guard let known = base(for: verb) else { return "%!\(verb)(big.Int=\(text))" }
            b = known
        }
        guard let (negative, raw) = IntegerText.convert(decimal: text, toBase: b) else { return text }
        let digits = verb == "X" ? raw.uppercased() : raw
        let sign = negative ? "-" : (spec.plus ? "+" : (spec.space ? " " : ""))
        var prefix = ""
        if spec.sharp {
            switch verb {
            case "b": prefix = "0b"
            case "o": prefix = "0"
            case "x": prefix = "0x"
            case "X": prefix = "0X"
            default: break
            }
        }
        if verb == "O" { prefix = "0o" }
        var zeros = 0
        if let p = spec.precision {
            if digits.count < p { zeros = p - digits.count } else if digits == "0" && p == 0 { return "" }
        }
        let length = sign.count + prefix.count + zeros + digits.count
        var left = 0, right = 0
        if let w = spec.width, length < w {
            if spec.minus { right = w - length } else if spec.zero && spec.precision == nil { zeros = w - length } else { left = w - length }
        }
        return String(repeating: " ", count: left) + sign + prefix + String(repeating: "0", count: zeros) + digits
            + String(repeating: " ", count: right)
    }

    // MARK: Strings

    private static func formatString(_ s: String, verb: Unicode.Scalar, spec: GoFormatSpec, sharpV: Bool) -> String? {
        switch verb {
        case "v" where sharpV:
            return pad(GoQuote.quote(s, quote: "\"", asciiOnly: false), spec)
        case "v", "s":
            var text = s
            if let p = spec.precision, p < s.unicodeScalars.count {
                text = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p)))
            }
            return pad(text, spec)
        case "q":
            if spec.sharp, GoQuote.canBackquote(s) { return pad("`" + s + "`", spec) }
            return pad(GoQuote.quote(s, quote: "\"", asciiOnly: spec.plus), spec)
        case "x", "X":
            var bytes = Array(s.utf8)
            if let p = spec.precision, p < bytes.count { bytes = Array(bytes.prefix(p)) }
            var text = ""
            for (k, byte) in bytes.enumerated() {
                if spec.space && k > 0 { text += " " }
                if spec.sharp && (spec.space || k == 0) { text += verb == "X" ? "0X" : "0x" }
                let h = String(byte, radix: 16, uppercase: verb == "X")
                text += h.count == 1 ? "0" + h : h
            }
            return pad(text, spec)
        default:
            return nil
        }
    }
}
