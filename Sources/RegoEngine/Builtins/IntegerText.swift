/// Integer text in bases 2, 8, 10 and 16, for integers of any size (`format_int` and `sprintf` of
/// numbers beyond 64 bits, which OPA formats as Go `big.Int`s).
enum IntegerText {
    private static let digitChars: [Character] = Array("0123456789abcdef")

    /// The magnitude of an `Int` in `base`, without sign.
    static func magnitude(_ value: Int, base: Int) -> String {
        String(value.magnitude, radix: base)
    }

    /// Converts decimal digits (optionally with a leading `-`) to `base`; returns the sign
    /// separately. Nil when the text is not an integer.
    static func convert(decimal text: String, toBase base: Int) -> (negative: Bool, digits: String)? {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        var digits: [Int] = []
        for c in body.utf8 {
            guard c >= 48 && c <= 57 else { return nil }
            digits.append(Int(c) - 48)
        }
        guard !digits.isEmpty else { return nil }
        if base == 10 {
            let trimmed = digits.drop { $0 == 0 }
            return (negative && !trimmed.isEmpty, trimmed.isEmpty ? "0" : String(trimmed.map { digitChars[$0] }))
        }
        // Repeated division of the decimal digit list by `base`; remainders are the digits.
        var out: [Character] = []
        var current = Array(digits.drop { $0 == 0 })
        while !current.isEmpty {
            var next: [Int] = []
            next.reserveCapacity(current.count)
            var remainder = 0
            for d in current {
                let acc = remainder * 10 + d
                let q = acc / base
                remainder = acc % base
                if !next.isEmpty || q != 0 { next.append(q) }
            }
            out.append(digitChars[remainder])
            current = next
        }
        if out.isEmpty { return (false, "0") }
        return (negative, String(out.reversed()))
    }

    /// Decimal text of an integral double of any magnitude (`%.0f`).
    static func decimal(ofIntegral d: Double) -> String {
        let t = d.rounded(.towardZero)
        if abs(t) < 9.0e18 { return String(Int(t)) }
        return CFormat.double(t, spec: "%.0f")
    }
}
