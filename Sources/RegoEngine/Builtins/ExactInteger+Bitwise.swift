/// Bitwise operations with two's-complement semantics on integers of any size, as Go's
/// `big.Int` `And`, `Or` and `Xor` (a negative number behaves as infinitely many leading ones).
extension ExactInteger {
    /// Applies `op` limb by limb to the two's-complement forms of `a` and `b`.
    static func bitwise(_ a: ExactInteger, _ b: ExactInteger, _ op: (UInt32, UInt32) -> UInt32) -> ExactInteger {
        let width = max(a.limbs.count, b.limbs.count) + 1
        let x = a.twosComplement(width: width), y = b.twosComplement(width: width)
        var out = [UInt32](repeating: 0, count: width)
        for i in 0..<width { out[i] = op(x[i], y[i]) }
        guard let top = out.last, top & 0x8000_0000 != 0 else { return ExactInteger(limbs: out, isNegative: false) }
        // Negative: the magnitude is ~out + 1.
        let inverted = ExactInteger(limbs: out.map { ~$0 }, isNegative: false)
        return (inverted + ExactInteger(1)).negated
    }

    /// The low `width` limbs of the two's-complement form (width must exceed the magnitude's).
    private func twosComplement(width: Int) -> [UInt32] {
        if !isNegative { return limbs + [UInt32](repeating: 0, count: width - limbs.count) }
        let lessOne = (magnitude - ExactInteger(1)).limbs
        let padded = lessOne + [UInt32](repeating: 0, count: width - lessOne.count)
        return padded.map { ~$0 }
    }
}
