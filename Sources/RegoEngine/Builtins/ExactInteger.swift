import RegoValue

/// An integer of any size (sign and magnitude), for the arithmetic OPA does on `big.Int`: sums,
/// products and shifts whose results leave the 64-bit range stay exact.
struct ExactInteger: Sendable, Equatable {
    /// Magnitude in base 2^32, least significant limb first, without trailing zero limbs.
    private(set) var limbs: [UInt32]
    /// True for negative values; zero is never negative.
    private(set) var isNegative: Bool

    /// The most limbs a result may have (about 64k decimal digits); larger results are refused.
    static let maxLimbs = 8192

    init(limbs: [UInt32], isNegative: Bool) {
        var limbs = limbs
        while let last = limbs.last, last == 0 { limbs.removeLast() }
        self.limbs = limbs
        self.isNegative = limbs.isEmpty ? false : isNegative
    }

    init(_ value: Int) {
        var m = value.magnitude
        var limbs: [UInt32] = []
        while m > 0 { limbs.append(UInt32(truncatingIfNeeded: m)); m >>= 32 }
        self.init(limbs: limbs, isNegative: value < 0)
    }

    /// Parses optionally signed decimal digits.
    init?(decimal text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() } else if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var limbs: [UInt32] = []
        for c in digits.utf8 {
            guard c >= 48, c <= 57 else { return nil }
            ExactInteger.multiplyAdd(&limbs, 10, UInt32(c - 48))
        }
        self.init(limbs: limbs, isNegative: negative)
    }

    /// The exact integer a Rego number denotes, or nil when it has a fractional part.
    init?(_ number: Number) {
        switch number {
        case .int(let i): self.init(i)
        case .bigInteger(let s): self.init(decimal: s)
        case .double(let d):
            guard d.isFinite, d.rounded() == d else { return nil }
            if let i = number.exactInt { self.init(i); return }
            // An integral double beyond Int: %.0f prints it exactly.
            self.init(decimal: Number.format(d))
        }
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value as an `Int` when it fits.
    var intValue: Int? {
        guard limbs.count <= 2 else { return nil }
        var m: UInt64 = 0
        for (i, limb) in limbs.enumerated() { m |= UInt64(limb) << (32 * UInt64(i)) }
        if isNegative {
            if m == UInt64(Int.max) + 1 { return Int.min }
            return m <= UInt64(Int.max) ? -Int(m) : nil
        }
        return m <= UInt64(Int.max) ? Int(m) : nil
    }

    /// The Rego number: an `.int` when it fits, else the exact decimal text.
    var number: Number {
        if let i = intValue { return .int(i) }
        return .bigInteger(decimalText)
    }

    var decimalText: String {
        if limbs.isEmpty { return "0" }
        var rest = limbs
        var chunks: [UInt32] = []
        while !rest.isEmpty { chunks.append(ExactInteger.divideSmall(&rest, 1_000_000_000)) }
        var text = isNegative ? "-" : ""
        text += String(chunks.last ?? 0)
        for chunk in chunks.dropLast().reversed() {
            let s = String(chunk)
            text += String(repeating: "0", count: 9 - s.count) + s
        }
        return text
    }

    var negated: ExactInteger { ExactInteger(limbs: limbs, isNegative: !isNegative) }
    var magnitude: ExactInteger { ExactInteger(limbs: limbs, isNegative: false) }

    // MARK: Magnitude helpers

    static func multiplyAdd(_ limbs: inout [UInt32], _ factor: UInt32, _ addend: UInt32) {
        var carry = UInt64(addend)
        for i in limbs.indices {
            let t = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: t)
            carry = t >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    /// Divides in place by a small divisor, returning the remainder and trimming leading zeros.
    static func divideSmall(_ limbs: inout [UInt32], _ divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for i in limbs.indices.reversed() {
            let t = (remainder << 32) | UInt64(limbs[i])
            limbs[i] = UInt32(t / UInt64(divisor))
            remainder = t % UInt64(divisor)
        }
        while let last = limbs.last, last == 0 { limbs.removeLast() }
        return UInt32(remainder)
    }

    static func compareMagnitude(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for i in a.indices.reversed() where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(max(a.count, b.count) + 1)
        var carry: UInt64 = 0
        for i in 0..<max(a.count, b.count) {
            let t = UInt64(i < a.count ? a[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        if carry > 0 { out.append(UInt32(carry)) }
        return out
    }

    /// a - b for magnitudes with a >= b.
    static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(a.count)
        var borrow: Int64 = 0
        for i in a.indices {
            var t = Int64(a[i]) - Int64(i < b.count ? b[i] : 0) - borrow
            if t < 0 { t += 1 << 32; borrow = 1 } else { borrow = 0 }
            out.append(UInt32(t))
        }
        return out
    }

    static func multiplyMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        if a.isEmpty || b.isEmpty { return [] }
        var out = [UInt32](repeating: 0, count: a.count + b.count)
        for i in a.indices {
            var carry: UInt64 = 0
            for j in b.indices {
                let t = UInt64(a[i]) * UInt64(b[j]) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            out[i + b.count] = UInt32(carry)
        }
        return out
    }
}
