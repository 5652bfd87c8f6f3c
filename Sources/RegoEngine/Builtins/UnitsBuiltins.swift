import RegoValue

/// `units.parse` and `units.parse_bytes`: amounts written with SI and binary unit suffixes
/// (`"10K"`, `"1.5Gi"`, `"300MiB"`), as OPA reads them.
///
/// The amount may be a decimal with an exponent (`"2.5e3K"`). The result is exact: an integer
/// (beyond 64 bits when it must be: `"10Ei"`) unless `units.parse` gives a fraction (`"1.1Ki"` is
/// 1126.4, `"100m"` 0.1), which is the nearest double to the exact value. `units.parse_bytes` always
/// gives whole bytes, dropping any fraction (`"1.1KiB"` is 1126).
enum UnitsBuiltins {
    static let all: [Builtin] = [
        Builtin("units.parse", [.string], .number, category: "units") { args throws(BuiltinError) in
            .number(try parse(try args.string(0), bytes: false))
        },
        Builtin("units.parse_bytes", [.string], .number, category: "units") { args throws(BuiltinError) in
            .number(try parse(try args.string(0), bytes: true))
        },
    ]

    /// The largest power of ten an amount may carry (`"1e400K"` is refused rather than written out).
    static let maxExponent = 1_000

    /// The number `text` denotes: quotes are ignored, a space is an error, and the suffix must be a
    /// unit (`units.parse`: `m` is milli and `M` mega, other units in any case; `units.parse_bytes`:
    /// any case, with or without a final `b`).
    static func parse(_ text: String, bytes: Bool) throws(BuiltinError) -> Number {
        let amountName = bytes ? "byte amount" : "amount"
        var cleaned = text.filter { $0 != "\"" }
        if bytes { cleaned = cleaned.lowercased() }
        guard !cleaned.contains(where: \.isWhitespace) else {
            throw .builtin("spaces not allowed in resource strings")
        }
        let utf8 = Array(cleaned.utf8)
        guard let (amount, unitStart) = Amount.read(utf8, signed: !bytes) else {
            throw .builtin("no \(amountName) provided")
        }
        let unit = String(decoding: utf8[unitStart...], as: UTF8.self)
        guard let scale = bytes ? byteScale(unit) : scale(unit) else {
            throw .builtin(bytes ? "byte unit \"\(unit)\" not recognized (use B, KB, KiB, MB, MiB, … up to EiB)"
                                 : "unit \"\(unit)\" not recognized (use m, K, Ki, M, Mi, G, Gi, T, Ti, P, Pi, E or Ei)")
        }
        let exponent = amount.exponent + scale.powerOfTen
        guard abs(exponent) <= maxExponent, let digits = amount.digits.shiftedLeft(by: scale.powerOfTwo) else {
            throw .builtin("\(amountName) \"\(text)\" is too large")
        }
        if exponent >= 0 {
            var value = digits
            for _ in 0..<exponent { value = value * ExactInteger(10) }
            guard value.limbs.count <= ExactInteger.maxLimbs else { throw .builtin("\(amountName) \"\(text)\" is too large") }
            return value.number
        }
        // A negative power of ten: whole when the digits end in enough zeros.
        var quotient = digits.limbs
        var exact = true
        for _ in 0..<(-exponent) where ExactInteger.divideSmall(&quotient, 10) != 0 { exact = false }
        let whole = ExactInteger(limbs: quotient, isNegative: digits.isNegative)
        if exact || bytes { return whole.number }
        // The nearest double to digits × 10^exponent, rounded once.
        return .double(Double("\(digits.decimalText)e\(exponent)") ?? .nan)
    }

    /// A unit's factor: 10^powerOfTen × 2^powerOfTwo.
    struct Scale {
        var powerOfTen = 0
        var powerOfTwo = 0
    }

    /// `units.parse`'s units: `m` and `M` by case, the others in any case.
    static func scale(_ unit: String) -> Scale? {
        switch unit {
        case "": return Scale()
        case "m": return Scale(powerOfTen: -3)
        case "M": return Scale(powerOfTen: 6)
        default: return decimalOrBinary(unit.lowercased(), allowingMega: false)
        }
    }

    /// `units.parse_bytes`'s units, lowercased: `b` alone is a byte, and a unit may end in `b`.
    static func byteScale(_ unit: String) -> Scale? {
        if unit.isEmpty || unit == "b" { return Scale() }
        return decimalOrBinary(unit.hasSuffix("b") ? String(unit.dropLast()) : unit, allowingMega: true)
    }

    /// `k`, `g`, `t`, `p`, `e` (and `m` where it means mega) as powers of 1000; the same with an `i`
    /// as powers of 1024.
    private static func decimalOrBinary(_ unit: String, allowingMega: Bool) -> Scale? {
        let prefixes: [Character] = ["k", "m", "g", "t", "p", "e"]
        guard let first = unit.first, let index = prefixes.firstIndex(of: first) else { return nil }
        switch unit.dropFirst() {
        case "i": return Scale(powerOfTwo: 10 * (index + 1))
        case "" where first != "m" || allowingMega: return Scale(powerOfTen: 3 * (index + 1))
        default: return nil
        }
    }

    /// The amount before the unit: its decimal digits as an integer and a power of ten.
    struct Amount {
        var digits: ExactInteger
        var exponent: Int

        /// Reads `[sign] digits [. digits] [e|E [sign] digits]` at the start of `bytes` (the sign only
        /// when `signed`): the amount and where the unit begins, or nil when there are no digits. An
        /// `e` not followed by digits is left for the unit (`"10E"` is ten exa).
        static func read(_ bytes: [UInt8], signed: Bool) -> (Amount, Int)? {
            var i = 0
            var negative = false
            if signed, i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var digits: [UInt32] = []
            var count = 0
            var exponent = 0
            var fraction = false
            while i < bytes.count {
                let c = bytes[i]
                if c >= 48, c <= 57 {
                    ExactInteger.multiplyAdd(&digits, 10, UInt32(c - 48))
                    count += 1
                    if fraction { exponent -= 1 }
                } else if c == UInt8(ascii: "."), !fraction {
                    fraction = true
                } else {
                    break
                }
                i += 1
            }
            guard count > 0 else { return nil }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                var j = i + 1
                var exponentNegative = false
                if j < bytes.count, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") {
                    exponentNegative = bytes[j] == UInt8(ascii: "-")
                    j += 1
                }
                var written = 0
                var seen = false
                while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 {
                    written = min(written * 10 + Int(bytes[j] - 48), 1_000_000)
                    seen = true
                    j += 1
                }
                if seen {
                    exponent += exponentNegative ? -written : written
                    i = j
                }
            }
            return (Amount(digits: ExactInteger(limbs: digits, isNegative: negative), exponent: exponent), i)
        }
    }
}
