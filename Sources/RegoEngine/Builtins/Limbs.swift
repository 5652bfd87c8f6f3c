/// Arithmetic on unsigned integers held as 64-bit limbs, least significant first: what the RSA and
/// elliptic-curve signature checks need (products modulo an odd number in Montgomery form).
enum Limbs {
    /// Big-endian bytes as limbs, least significant first: at least `count` of them, or as many as
    /// the bytes need without leading zero limbs.
    static func from(_ bytes: [UInt8], count: Int = 0) -> [UInt64] {
        var out: [UInt64] = []
        var index = bytes.count
        while index > 0 {
            let start = max(0, index - 8)
            out.append(bytes[start..<index].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            index = start
        }
        while out.count > count, out.last == 0 { out.removeLast() }
        while out.count < count { out.append(0) }
        return out
    }

    /// Limbs as `count` big-endian bytes.
    static func bytes(_ limbs: [UInt64], count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for (i, limb) in limbs.enumerated() {
            for b in 0..<8 {
                let position = count - 1 - (8 * i + b)
                if position >= 0 { out[position] = UInt8(truncatingIfNeeded: limb >> UInt64(8 * b)) }
            }
        }
        return out
    }

    static func bitLength(_ limbs: [UInt64]) -> Int {
        guard let top = limbs.lastIndex(where: { $0 != 0 }) else { return 0 }
        return 64 * top + (64 - limbs[top].leadingZeroBitCount)
    }

    /// −1, 0 or 1 as a is below, equal to or above b (of the same number of limbs, or b shorter).
    static func compare(_ a: [UInt64], _ b: [UInt64]) -> Int {
        for i in stride(from: max(a.count, b.count) - 1, through: 0, by: -1) {
            let x = i < a.count ? a[i] : 0, y = i < b.count ? b[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// a += b (b no longer than a), modulo 2^(64·a.count); whether a carry left the top limb.
    @discardableResult
    static func add(_ a: inout [UInt64], _ b: [UInt64]) -> Bool {
        var carry = false
        for i in a.indices {
            let (s1, o1) = a[i].addingReportingOverflow(i < b.count ? b[i] : 0)
            let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
            a[i] = s2
            carry = o1 || o2
        }
        return carry
    }

    /// a −= b, modulo 2^(64·a.count).
    static func subtract(_ a: inout [UInt64], _ b: [UInt64]) {
        var borrow = false
        for i in a.indices {
            let y = i < b.count ? b[i] : 0
            let (d1, o1) = a[i].subtractingReportingOverflow(y)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
            a[i] = d2
            borrow = o1 || o2
        }
    }
}

/// Products modulo an odd modulus `n` of `k` limbs, in Montgomery form (R = 2^(64k)).
struct Montgomery: Sendable {
    let n: [UInt64]
    /// −n⁻¹ mod 2^64.
    let inverse: UInt64
    /// R² mod n, which takes a number into Montgomery form.
    let rSquared: [UInt64]
    /// R mod n: 1 in Montgomery form.
    let one: [UInt64]

    init(modulus n: [UInt64]) {
        self.n = n
        // Newton's iteration doubles the correct low bits each step: 1 → 64 in six.
        var x: UInt64 = 1
        for _ in 0..<6 { x = x &* (2 &- n[0] &* x) }
        inverse = 0 &- x
        // R mod n and R² mod n by doubling 1 modulo n, 64k and then 64k more times.
        var value = [UInt64](repeating: 0, count: n.count)
        value[0] = 1
        for _ in 0..<(64 * n.count) { value = Self.double(value, modulo: n) }
        one = value
        for _ in 0..<(64 * n.count) { value = Self.double(value, modulo: n) }
        rSquared = value
    }

    /// 2·value mod n, for value < n.
    static func double(_ value: [UInt64], modulo n: [UInt64]) -> [UInt64] {
        var out = value
        var carry: UInt64 = 0
        for i in out.indices {
            let next = out[i] >> 63
            out[i] = out[i] << 1 | carry
            carry = next
        }
        if carry != 0 || Limbs.compare(out, n) >= 0 { Limbs.subtract(&out, n) }
        return out
    }

    /// a·b·R⁻¹ mod n (coarsely integrated operand scanning), for a, b < n.
    func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        let k = n.count
        var t = [UInt64](repeating: 0, count: k + 2)
        for i in 0..<k {
            var carry: UInt64 = 0
            for j in 0..<k { (carry, t[j]) = Self.multiplyAdd(a[j], b[i], t[j], carry) }
            let (sum, overflow) = t[k].addingReportingOverflow(carry)
            t[k] = sum
            t[k + 1] = overflow ? 1 : 0
            let m = t[0] &* inverse
            (carry, _) = Self.multiplyAdd(m, n[0], t[0], 0)
            for j in 1..<k { (carry, t[j - 1]) = Self.multiplyAdd(m, n[j], t[j], carry) }
            let (top, overflowTop) = t[k].addingReportingOverflow(carry)
            t[k - 1] = top
            t[k] = t[k + 1] &+ (overflowTop ? 1 : 0)
        }
        var result = Array(t[0..<k])
        if t[k] != 0 || Limbs.compare(result, n) >= 0 { Limbs.subtract(&result, n) }
        return result
    }

    /// a·b + c + d as (high, low) limbs: it cannot overflow 128 bits.
    @inline(__always)
    static func multiplyAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (UInt64, UInt64) {
        var (high, low) = a.multipliedFullWidth(by: b)
        var overflow: Bool
        (low, overflow) = low.addingReportingOverflow(c)
        if overflow { high &+= 1 }
        (low, overflow) = low.addingReportingOverflow(d)
        if overflow { high &+= 1 }
        return (high, low)
    }
}

extension Limbs {
    /// Whether bit `index` (0 the least significant) is set.
    static func bit(_ limbs: [UInt64], _ index: Int) -> Bool {
        index / 64 < limbs.count && limbs[index / 64] >> UInt64(index % 64) & 1 == 1
    }

    /// `limbs` shifted right by `count` bits, as many limbs.
    static func shiftedRight(_ limbs: [UInt64], by count: Int) -> [UInt64] {
        let (whole, bits) = (count / 64, UInt64(count % 64))
        return limbs.indices.map { i in
            let low = i + whole < limbs.count ? limbs[i + whole] >> bits : 0
            let high = bits > 0 && i + whole + 1 < limbs.count ? limbs[i + whole + 1] << (64 - bits) : 0
            return low | high
        }
    }
}

extension Montgomery {
    /// `value` (below the modulus) in Montgomery form.
    func enter(_ value: [UInt64]) -> [UInt64] { multiply(value, rSquared) }

    /// A Montgomery-form value back in plain form.
    func leave(_ value: [UInt64]) -> [UInt64] {
        var one = [UInt64](repeating: 0, count: n.count)
        one[0] = 1
        return multiply(value, one)
    }

    /// (a + b) mod n, for a, b < n.
    func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = a
        let carry = Limbs.add(&out, b)
        if carry || Limbs.compare(out, n) >= 0 { Limbs.subtract(&out, n) }
        return out
    }

    /// (a − b) mod n, for a, b < n.
    func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = a
        if Limbs.compare(a, b) < 0 {
            // a + n − b: add n first; the sum's carry out of the top limb cancels in the subtraction.
            _ = Limbs.add(&out, n)
        }
        Limbs.subtract(&out, b)
        return out
    }

    /// A Montgomery-form value to the power `exponent` (plain limbs), in Montgomery form.
    func power(_ base: [UInt64], _ exponent: [UInt64]) -> [UInt64] {
        var result = one
        for bit in stride(from: Limbs.bitLength(exponent) - 1, through: 0, by: -1) {
            result = multiply(result, result)
            if Limbs.bit(exponent, bit) { result = multiply(result, base) }
        }
        return result
    }

    /// The inverse of a Montgomery-form value modulo the (prime) modulus, by Fermat: a^(n−2).
    func inverse(of value: [UInt64]) -> [UInt64] {
        var exponent = n
        Limbs.subtract(&exponent, [2])
        return power(value, exponent)
    }
}
