/// The NIST prime curves of JSON Web Tokens' `ES256`, `ES384` and `ES512` (FIPS 186-4, D.1.2:
/// y² = x³ − 3x + b over the integers modulo p, of prime order n), and ECDSA signature checks on
/// them (SEC 1, 4.1.4), with Jacobian coordinates in Montgomery form.
struct EllipticCurve: Sendable {
    enum Name: String, Sendable, CaseIterable {
        case p256 = "P-256", p384 = "P-384", p521 = "P-521"
    }

    let name: Name
    /// The bytes of a coordinate, and of each half of a JWT's signature.
    let byteCount: Int
    let field: Montgomery
    let order: Montgomery
    /// b, and the generator's coordinates, in Montgomery form modulo p.
    let b: [UInt64]
    let generator: Point

    /// A point in Jacobian coordinates (x = X/Z², y = Y/Z³), Montgomery form; Z = 0 is infinity.
    struct Point: Sendable {
        var x: [UInt64], y: [UInt64], z: [UInt64]
    }

    static let p256 = EllipticCurve(
        .p256, bytes: 32,
        p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
    static let p384 = EllipticCurve(
        .p384, bytes: 48,
        p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
        n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
        b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
        gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
        gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f")
    static let p521 = EllipticCurve(
        .p521, bytes: 66,
        p: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        n: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
        b: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
        gx: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
        gy: "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650")

    static func named(_ name: Name) -> EllipticCurve {
        switch name {
        case .p256: p256
        case .p384: p384
        case .p521: p521
        }
    }

    private init(_ name: Name, bytes: Int, p: String, n: String, b: String, gx: String, gy: String) {
        self.name = name
        byteCount = bytes
        let limbCount = (bytes + 7) / 8
        func number(_ hex: String) -> [UInt64] { Limbs.from(Self.bytes(hex: hex), count: limbCount) }
        field = Montgomery(modulus: number(p))
        order = Montgomery(modulus: number(n))
        self.b = field.enter(number(b))
        generator = Point(x: field.enter(number(gx)), y: field.enter(number(gy)), z: field.one)
    }

    /// The bytes of a constant written in hex (`hex.decode`'s reader; the constants are checked by
    /// the tests, which find each generator on its curve).
    static func bytes(hex: String) -> [UInt8] {
        (try? EncodingBuiltins.hexDecode(Array(hex.utf8))) ?? []
    }

    // MARK: - Points

    /// The point (x, y) given as big-endian coordinates, if it lies on the curve.
    func point(x: [UInt8], y: [UInt8]) -> Point? {
        let limbCount = field.n.count
        let (xs, ys) = (Limbs.from(x, count: limbCount), Limbs.from(y, count: limbCount))
        guard xs.count == limbCount, ys.count == limbCount, Limbs.compare(xs, field.n) < 0, Limbs.compare(ys, field.n) < 0 else { return nil }
        let point = Point(x: field.enter(xs), y: field.enter(ys), z: field.one)
        return contains(point) ? point : nil
    }

    /// Whether an affine point (Z = 1) satisfies y² = x³ − 3x + b.
    func contains(_ point: Point) -> Bool {
        let x = point.x
        let left = field.multiply(point.y, point.y)
        let x3 = field.multiply(field.multiply(x, x), x)
        let right = field.add(field.subtract(x3, field.add(field.add(x, x), x)), b)
        return left == right
    }

    func double(_ point: Point) -> Point {
        if point.z.allSatisfy({ $0 == 0 }) { return point }
        let f = field
        let delta = f.multiply(point.z, point.z)
        let gamma = f.multiply(point.y, point.y)
        let beta = f.multiply(point.x, gamma)
        let t = f.multiply(f.subtract(point.x, delta), f.add(point.x, delta))
        let alpha = f.add(f.add(t, t), t)
        let beta4 = f.add(f.add(beta, beta), f.add(beta, beta))
        let x3 = f.subtract(f.multiply(alpha, alpha), f.add(beta4, beta4))
        let yz = f.add(point.y, point.z)
        let z3 = f.subtract(f.subtract(f.multiply(yz, yz), gamma), delta)
        let gamma2 = f.multiply(gamma, gamma)
        let gamma8 = f.add(f.add(f.add(gamma2, gamma2), f.add(gamma2, gamma2)), f.add(f.add(gamma2, gamma2), f.add(gamma2, gamma2)))
        let y3 = f.subtract(f.multiply(alpha, f.subtract(beta4, x3)), gamma8)
        return Point(x: x3, y: y3, z: z3)
    }

    func add(_ p: Point, _ q: Point) -> Point {
        if p.z.allSatisfy({ $0 == 0 }) { return q }
        if q.z.allSatisfy({ $0 == 0 }) { return p }
        let f = field
        let z1z1 = f.multiply(p.z, p.z), z2z2 = f.multiply(q.z, q.z)
        let u1 = f.multiply(p.x, z2z2), u2 = f.multiply(q.x, z1z1)
        let s1 = f.multiply(f.multiply(p.y, q.z), z2z2), s2 = f.multiply(f.multiply(q.y, p.z), z1z1)
        let h = f.subtract(u2, u1)
        let r = f.add(f.subtract(s2, s1), f.subtract(s2, s1))
        if h.allSatisfy({ $0 == 0 }) {
            return r.allSatisfy({ $0 == 0 }) ? double(p) : Point(x: f.one, y: f.one, z: [UInt64](repeating: 0, count: f.n.count))
        }
        let h2 = f.add(h, h)
        let i = f.multiply(h2, h2)
        let j = f.multiply(h, i)
        let v = f.multiply(u1, i)
        let x3 = f.subtract(f.subtract(f.multiply(r, r), j), f.add(v, v))
        let s1j = f.multiply(s1, j)
        let y3 = f.subtract(f.multiply(r, f.subtract(v, x3)), f.add(s1j, s1j))
        let zz = f.add(p.z, q.z)
        let z3 = f.multiply(f.subtract(f.subtract(f.multiply(zz, zz), z1z1), z2z2), h)
        return Point(x: x3, y: y3, z: z3)
    }

    /// a·P + b·Q, the scalars' bits taken together from the top (Shamir's trick).
    func combination(_ a: [UInt64], _ p: Point, _ b: [UInt64], _ q: Point) -> Point {
        let both = add(p, q)
        var result = Point(x: field.one, y: field.one, z: [UInt64](repeating: 0, count: field.n.count))
        for bit in stride(from: max(Limbs.bitLength(a), Limbs.bitLength(b)) - 1, through: 0, by: -1) {
            result = double(result)
            let (x, y) = (Limbs.bit(a, bit), Limbs.bit(b, bit))
            if x && y { result = add(result, both) } else if x { result = add(result, p) } else if y { result = add(result, q) }
        }
        return result
    }

    // MARK: - ECDSA

    /// Whether `signature` (r and s, `byteCount` big-endian bytes each, as JWS writes them) is an
    /// ECDSA signature of `hash` by the key `key`.
    func verifies(_ signature: [UInt8], hash: [UInt8], key: Point) -> Bool {
        guard signature.count == 2 * byteCount else { return false }
        let limbCount = order.n.count
        let r = Limbs.from(Array(signature[0..<byteCount]), count: limbCount)
        let s = Limbs.from(Array(signature[byteCount...]), count: limbCount)
        for value in [r, s] {
            guard value.count == limbCount, value.contains(where: { $0 != 0 }), Limbs.compare(value, order.n) < 0 else { return false }
        }
        // The hash's leftmost bits, as many as the order has.
        let orderBits = Limbs.bitLength(order.n)
        var e = Limbs.from(hash, count: max(limbCount, (hash.count + 7) / 8))
        if 8 * hash.count > orderBits { e = Limbs.shiftedRight(e, by: 8 * hash.count - orderBits) }
        e = Array(e.prefix(limbCount))
        if Limbs.compare(e, order.n) >= 0 { Limbs.subtract(&e, order.n) }
        let w = order.inverse(of: order.enter(s))
        let u1 = order.leave(order.multiply(order.enter(e), w))
        let u2 = order.leave(order.multiply(order.enter(r), w))
        let point = combination(u1, generator, u2, key)
        guard point.z.contains(where: { $0 != 0 }) else { return false }
        // The affine x: X / Z², out of Montgomery form, then modulo the order.
        let zInverse = field.inverse(of: point.z)
        var x = field.leave(field.multiply(point.x, field.multiply(zInverse, zInverse)))
        if Limbs.compare(x, order.n) >= 0 { Limbs.subtract(&x, order.n) }
        return x == r
    }
}

/// An elliptic-curve public key: its curve and point.
struct ECPublicKey: Sendable, Equatable {
    let curve: EllipticCurve.Name
    let x: [UInt8]
    let y: [UInt8]

    /// The key, if (x, y) lies on the curve.
    init?(curve: EllipticCurve.Name, x: [UInt8], y: [UInt8]) {
        guard EllipticCurve.named(curve).point(x: x, y: y) != nil else { return nil }
        self.curve = curve
        self.x = x
        self.y = y
    }

    /// Whether `signature` (JWS's r ‖ s) signs `message` with `digest`.
    func verifies(_ signature: [UInt8], of message: [UInt8], digest: Digest) -> Bool {
        let curve = EllipticCurve.named(self.curve)
        guard let point = curve.point(x: x, y: y) else { return false }
        return curve.verifies(signature, hash: digest.hash(message), key: point)
    }
}
