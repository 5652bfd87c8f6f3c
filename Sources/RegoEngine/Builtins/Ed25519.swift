/// Ed25519 (RFC 8032, 5.1): the signatures of JSON Web Tokens' `EdDSA` on the twisted Edwards
/// curve −x² + y² = 1 + d·x²·y² over the integers modulo p = 2²⁵⁵ − 19, with extended coordinates
/// in Montgomery form (`Montgomery`), scalars modulo the group's order L.
enum Ed25519 {
    static let field = Montgomery(modulus: number("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"))
    static let order = Montgomery(modulus: number("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"))
    /// d, 2d and √−1 in Montgomery form.
    static let d = field.enter(number("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"))
    static let d2 = field.add(d, d)
    static let sqrtMinusOne = field.enter(number("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0"))
    static let base = Point(x: field.enter(number("216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a")),
                            y: field.enter(number("6666666666666666666666666666666666666666666666666666666666666658")))

    /// (p − 5) / 8, the exponent of a square root candidate.
    static let rootExponent: [UInt64] = {
        var exponent = field.n
        Limbs.subtract(&exponent, [5])
        return Limbs.shiftedRight(exponent, by: 3)
    }()

    static func number(_ hex: String) -> [UInt64] { Limbs.from(EllipticCurve.bytes(hex: hex), count: 4) }
    static let zero = [UInt64](repeating: 0, count: 4)

    /// A point in extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z.
    struct Point {
        var x: [UInt64], y: [UInt64], z: [UInt64], t: [UInt64]

        init(x: [UInt64], y: [UInt64]) {
            (self.x, self.y, z, t) = (x, y, Ed25519.field.one, Ed25519.field.multiply(x, y))
        }

        init(x: [UInt64], y: [UInt64], z: [UInt64], t: [UInt64]) {
            (self.x, self.y, self.z, self.t) = (x, y, z, t)
        }

        static var identity: Point { Point(x: Ed25519.zero, y: Ed25519.field.one) }
    }

    /// p + q (a complete formula: doubling and the identity need no case of their own).
    static func add(_ p: Point, _ q: Point) -> Point {
        let f = field
        let a = f.multiply(f.subtract(p.y, p.x), f.subtract(q.y, q.x))
        let b = f.multiply(f.add(p.y, p.x), f.add(q.y, q.x))
        let c = f.multiply(f.multiply(p.t, d2), q.t)
        let zz = f.multiply(p.z, q.z)
        let dd = f.add(zz, zz)
        let (e, ff, g, h) = (f.subtract(b, a), f.subtract(dd, c), f.add(dd, c), f.add(b, a))
        return Point(x: f.multiply(e, ff), y: f.multiply(g, h), z: f.multiply(ff, g), t: f.multiply(e, h))
    }

    /// [k]P for a scalar of little-endian bytes.
    static func multiply(_ point: Point, by scalar: [UInt8]) -> Point {
        var result = Point.identity
        for byte in scalar.reversed() {
            for bit in stride(from: 7, through: 0, by: -1) {
                result = add(result, result)
                if byte >> UInt8(bit) & 1 == 1 { result = add(result, point) }
            }
        }
        return result
    }

    /// The 32-byte encoding: y little-endian, the top bit x's lowest.
    static func encode(_ point: Point) -> [UInt8] {
        let inverse = field.inverse(of: point.z)
        let x = field.leave(field.multiply(point.x, inverse)), y = field.leave(field.multiply(point.y, inverse))
        var bytes = Array(Limbs.bytes(y, count: 32).reversed())
        if x[0] & 1 == 1 { bytes[31] |= 0x80 }
        return bytes
    }

    /// The point a 32-byte encoding names; nil when it names none.
    static func decode(_ bytes: [UInt8]) -> Point? {
        guard bytes.count == 32 else { return nil }
        let sign = bytes[31] >> 7
        var yBytes = bytes
        yBytes[31] &= 0x7F
        let yPlain = Limbs.from(Array(yBytes.reversed()), count: 4)
        guard Limbs.compare(yPlain, field.n) < 0 else { return nil }
        let f = field
        let y = f.enter(yPlain)
        let yy = f.multiply(y, y)
        let u = f.subtract(yy, f.one), v = f.add(f.multiply(d, yy), f.one)
        // x = u·v³·(u·v⁷)^((p−5)/8), then times √−1 if that squares to −u/v.
        let v3 = f.multiply(f.multiply(v, v), v)
        let v7 = f.multiply(f.multiply(v3, v3), v)
        var x = f.multiply(f.multiply(u, v3), f.power(f.multiply(u, v7), rootExponent))
        let check = f.multiply(v, f.multiply(x, x))
        if check == u {
            // x is a root.
        } else if check == f.subtract(zero, u) {
            x = f.multiply(x, sqrtMinusOne)
        } else {
            return nil
        }
        let xPlain = f.leave(x)
        if xPlain == zero && sign == 1 { return nil }
        if xPlain[0] & 1 != UInt64(sign) { x = f.subtract(zero, x) }
        return Point(x: x, y: y)
    }

    /// A little-endian number of up to 64 bytes modulo L, as 32 little-endian bytes.
    static func reduce(_ bytes: [UInt8]) -> [UInt8] {
        func below(_ value: [UInt64]) -> [UInt64] {
            var v = value
            while Limbs.compare(v, order.n) >= 0 { Limbs.subtract(&v, order.n) }
            return v
        }
        let padded = bytes + [UInt8](repeating: 0, count: max(0, 64 - bytes.count))
        let low = below(Limbs.from(Array(padded[0..<32].reversed()), count: 4))
        let high = below(Limbs.from(Array(padded[32..<64].reversed()), count: 4))
        // high·2²⁵⁶ + low; 2²⁵⁶ mod L is R mod L, which `one` holds as a plain number.
        let product = order.leave(order.multiply(order.enter(high), order.enter(order.one)))
        return Array(Limbs.bytes(order.add(product, low), count: 32).reversed())
    }

    /// Whether `signature` (R ‖ S, 64 bytes) is the Ed25519 signature of `message` by the key `key`
    /// (its 32-byte encoding).
    static func verifies(_ signature: [UInt8], of message: [UInt8], key: [UInt8]) -> Bool {
        guard signature.count == 64, let a = decode(key), let r = decode(Array(signature[0..<32])) else { return false }
        let s = Array(signature[32...])
        guard Limbs.compare(Limbs.from(Array(s.reversed()), count: 4), order.n) < 0 else { return false }
        let h = reduce(Digest.sha512.hash(Array(signature[0..<32]) + key + message))
        // [S]B = R + [h]A, compared as encodings.
        return encode(multiply(base, by: s)) == encode(add(r, multiply(a, by: h)))
    }

    /// The public key (32 bytes) of a 32-byte private key (its seed).
    static func publicKey(seed: [UInt8]) -> [UInt8] {
        encode(multiply(base, by: clamped(Digest.sha512.hash(seed))))
    }

    /// The signature of `message` with the private key `seed`.
    static func sign(_ message: [UInt8], seed: [UInt8]) -> [UInt8] {
        let hash = Digest.sha512.hash(seed)
        let scalar = clamped(hash)
        let publicKey = encode(multiply(base, by: scalar))
        let r = reduce(Digest.sha512.hash(Array(hash[32..<64]) + message))
        let rEncoded = encode(multiply(base, by: r))
        let k = reduce(Digest.sha512.hash(rEncoded + publicKey + message))
        // S = r + k·a mod L.
        let o = order
        let a = Limbs.from(Array(reduce(scalar).reversed()), count: 4)
        let ka = o.leave(o.multiply(o.enter(Limbs.from(Array(k.reversed()), count: 4)), o.enter(a)))
        let s = o.add(ka, Limbs.from(Array(r.reversed()), count: 4))
        return rEncoded + Array(Limbs.bytes(s, count: 32).reversed())
    }

    /// The scalar of a private key's hash: its first 32 bytes with the low three bits and the top
    /// bit cleared and the second-highest set.
    static func clamped(_ hash: [UInt8]) -> [UInt8] {
        var scalar = Array(hash[0..<32])
        scalar[0] &= 248
        scalar[31] &= 127
        scalar[31] |= 64
        return scalar
    }
}
