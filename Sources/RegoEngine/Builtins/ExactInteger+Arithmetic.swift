/// Arithmetic, remainder and shifts on exact integers, with Go's `big.Int` semantics (truncated
/// remainder, arithmetic right shift).
extension ExactInteger {
    static func + (a: ExactInteger, b: ExactInteger) -> ExactInteger {
        if a.isNegative == b.isNegative {
            return ExactInteger(limbs: addMagnitudes(a.limbs, b.limbs), isNegative: a.isNegative)
        }
        if compareMagnitude(a.limbs, b.limbs) >= 0 {
            return ExactInteger(limbs: subtractMagnitudes(a.limbs, b.limbs), isNegative: a.isNegative)
        }
        return ExactInteger(limbs: subtractMagnitudes(b.limbs, a.limbs), isNegative: b.isNegative)
    }

    static func - (a: ExactInteger, b: ExactInteger) -> ExactInteger { a + b.negated }

    static func * (a: ExactInteger, b: ExactInteger) -> ExactInteger {
        ExactInteger(limbs: multiplyMagnitudes(a.limbs, b.limbs), isNegative: a.isNegative != b.isNegative)
    }

    static func compare(_ a: ExactInteger, _ b: ExactInteger) -> Int {
        if a.isNegative != b.isNegative { return a.isNegative ? -1 : 1 }
        let c = compareMagnitude(a.limbs, b.limbs)
        return a.isNegative ? -c : c
    }

    /// The truncated remainder (sign of the dividend), as Go's `%` and `big.Int.Rem`; nil for a
    /// zero divisor.
    func remainder(dividingBy divisor: ExactInteger) -> ExactInteger? {
        guard !divisor.isZero else { return nil }
        if ExactInteger.compareMagnitude(limbs, divisor.limbs) < 0 { return self }
        // Binary long division on the magnitudes: fine for the sizes policies use.
        var rest: [UInt32] = []
        let totalBits = limbs.count * 32
        for bit in stride(from: totalBits - 1, through: 0, by: -1) {
            rest = ExactInteger.shiftLeftMagnitude(rest, by: 1)
            if (limbs[bit / 32] >> UInt32(bit % 32)) & 1 == 1 {
                if rest.isEmpty { rest = [1] } else { rest[0] |= 1 }
            }
            while let last = rest.last, last == 0 { rest.removeLast() }
            if ExactInteger.compareMagnitude(rest, divisor.limbs) >= 0 {
                rest = ExactInteger.subtractMagnitudes(rest, divisor.limbs)
                while let last = rest.last, last == 0 { rest.removeLast() }
            }
        }
        return ExactInteger(limbs: rest, isNegative: isNegative)
    }

    /// `self << count`, keeping the sign (as `big.Int.Lsh`); nil when the result would exceed
    /// `maxLimbs`.
    func shiftedLeft(by count: Int) -> ExactInteger? {
        if isZero { return self }
        guard count >= 0, count / 32 + limbs.count < ExactInteger.maxLimbs else { return nil }
        return ExactInteger(limbs: ExactInteger.shiftLeftMagnitude(limbs, by: count), isNegative: isNegative)
    }

    /// `self >> count`, rounding towards negative infinity (as `big.Int.Rsh`).
    func shiftedRight(by count: Int) -> ExactInteger {
        if !isNegative { return ExactInteger(limbs: ExactInteger.shiftRightMagnitude(limbs, by: count), isNegative: false) }
        // For negatives: -((|x| - 1) >> n) - 1.
        let one = ExactInteger(1)
        let shifted = ExactInteger.shiftRightMagnitude((magnitude - one).limbs, by: count)
        return ExactInteger(limbs: shifted, isNegative: false).negated - one
    }

    static func shiftLeftMagnitude(_ a: [UInt32], by count: Int) -> [UInt32] {
        if a.isEmpty { return a }
        let whole = count / 32, bits = UInt32(count % 32)
        var out = [UInt32](repeating: 0, count: whole)
        out.reserveCapacity(whole + a.count + 1)
        if bits == 0 { out.append(contentsOf: a); return out }
        var carry: UInt32 = 0
        for limb in a {
            out.append((limb << bits) | carry)
            carry = limb >> (32 - bits)
        }
        if carry > 0 { out.append(carry) }
        return out
    }

    static func shiftRightMagnitude(_ a: [UInt32], by count: Int) -> [UInt32] {
        let whole = count / 32, bits = UInt32(count % 32)
        guard whole < a.count else { return [] }
        let kept = Array(a[whole...])
        if bits == 0 { return kept }
        var out = [UInt32](repeating: 0, count: kept.count)
        for i in kept.indices {
            let high: UInt32 = i + 1 < kept.count ? kept[i + 1] << (32 - bits) : 0
            out[i] = (kept[i] >> bits) | high
        }
        return out
    }
}
