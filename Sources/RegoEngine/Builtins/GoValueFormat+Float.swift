extension GoValueFormat {
    /// `float64` verbs. `%v` and `%g` without a precision use the shortest digits that read back
    /// to the same double, in exponent form below 1e-4 and from 1e6 (Go's `%g` rule).
    static func formatFloat(_ d: Double, verb: Unicode.Scalar, spec: GoFormatSpec) -> String? {
        switch verb {
        case "v", "g", "G":
            if verb != "v", let p = spec.precision { return cFormat(d, verb: verb, precision: p, spec: spec) }
            var text = shortest(d, upper: verb == "G")
            return signed(&text, negative: d.sign == .minus, spec: spec)
        case "e", "E", "f", "F":
            return cFormat(d, verb: verb, precision: spec.precision ?? 6, spec: spec)
        case "x", "X":
            return cFormat(d, verb: verb == "x" ? "a" : "A", precision: spec.precision, spec: spec)
        case "b":
            var text = binaryExponent(d)
            return signed(&text, negative: d.sign == .minus, spec: spec)
        default:
            return nil
        }
    }

    /// Adds the sign and pads; zero padding goes after the sign.
    private static func signed(_ magnitude: inout String, negative: Bool, spec: GoFormatSpec) -> String {
        let sign = negative ? "-" : (spec.plus ? "+" : (spec.space ? " " : ""))
        if spec.zero, !spec.minus, let w = spec.width {
            let n = sign.count + magnitude.count
            if n < w { magnitude = String(repeating: "0", count: w - n) + magnitude }
            return sign + magnitude
        }
        return pad(sign + magnitude, spec)
    }

    private static func cFormat(_ d: Double, verb: Unicode.Scalar, precision: Int?, spec: GoFormatSpec) -> String {
        var c = "%"
        if spec.minus { c += "-" }
        if spec.plus { c += "+" }
        if spec.space { c += " " }
        if spec.sharp { c += "#" }
        if spec.zero { c += "0" }
        if let w = spec.width { c += String(w) }
        if let p = precision { c += "." + String(p) }
        c.unicodeScalars.append(verb)
        return CFormat.double(d, spec: c)
    }

    /// The shortest round-tripping digits of `|d|` and the position of the decimal point.
    static func shortestDigits(_ d: Double) -> (digits: [Character], point: Int) {
        let text = "\(abs(d))"
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts.first ?? "0"
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = pieces.first ?? "", fracPart = pieces.count > 1 ? pieces[1] : ""
        var digits = Array(intPart) + Array(fracPart)
        var point = intPart.count + exponent
        while let first = digits.first, first == "0" { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == "0" { digits.removeLast() }
        if digits.isEmpty { return (["0"], 1) }
        return (digits, point)
    }

    /// Go's `strconv.FormatFloat(d, 'g', -1, 64)` for `|d|`.
    static func shortest(_ d: Double, upper: Bool) -> String {
        let (digits, point) = shortestDigits(d)
        let exp = point - 1
        if exp < -4 || exp >= 6 {
            var text = String(digits[0])
            if digits.count > 1 { text += "." + String(digits[1...]) }
            text += upper ? "E" : "e"
            text += exp < 0 ? "-" : "+"
            let e = String(abs(exp))
            return text + (e.count < 2 ? "0" + e : e)
        }
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return String(digits) + String(repeating: "0", count: point - digits.count) }
        return String(digits[..<point]) + "." + String(digits[point...])
    }

    /// Go's `%b` for floats: `mantissa p exponent` with a power-of-two exponent.
    private static func binaryExponent(_ d: Double) -> String {
        let bits = d.bitPattern
        var exp = Int((bits >> 52) & 0x7FF)
        var mantissa = bits & ((1 << 52) - 1)
        if exp == 0 { exp = 1 } else { mantissa |= 1 << 52 }
        exp -= 1075
        return "\(mantissa)p" + (exp >= 0 ? "+" : "-") + String(abs(exp))
    }
}
