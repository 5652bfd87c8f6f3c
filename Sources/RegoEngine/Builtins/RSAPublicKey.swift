import RegoValue

/// An RSA public key and the signature checks of JSON Web Tokens over it: RSASSA-PKCS1-v1_5
/// (`RS256`, `RS384`, `RS512`) and RSASSA-PSS (`PS256`, `PS384`, `PS512`), both from RFC 8017.
///
/// Verifying raises the signature to the public exponent modulo the modulus, in Montgomery form
/// with 64-bit limbs: with the usual exponent 65537, seventeen products of the key's size.
struct RSAPublicKey: Sendable, Equatable {
    /// The modulus, least significant limb first, without leading zero limbs.
    let modulus: [UInt64]
    /// The public exponent, big-endian bytes.
    let exponent: [UInt8]

    /// A key from the big-endian bytes of its modulus and exponent; nil when the modulus is even or
    /// under 512 bits, or the exponent is zero.
    init?(modulus: [UInt8], exponent: [UInt8]) {
        let limbs = Limbs.from(modulus)
        guard let low = limbs.first, low & 1 == 1, Limbs.bitLength(limbs) >= 512,
              exponent.contains(where: { $0 != 0 }) else { return nil }
        self.modulus = limbs
        self.exponent = Array(exponent.drop(while: { $0 == 0 }))
    }

    /// The modulus's length in bits.
    var bits: Int { Limbs.bitLength(modulus) }
    /// The length in bytes of a signature made with this key.
    var signatureLength: Int { (bits + 7) / 8 }

    // MARK: - Signature schemes

    /// Whether `signature` is `message`'s RSASSA-PKCS1-v1_5 signature with `digest`.
    func verifiesPKCS1(_ signature: [UInt8], of message: [UInt8], digest: Digest) -> Bool {
        guard let encoded = publicOperation(signature), let prefix = Self.digestInfoPrefix(digest) else { return false }
        let hash = digest.hash(message)
        let trailer = prefix + hash
        guard encoded.count >= trailer.count + 11 else { return false }
        let padding = encoded.count - trailer.count - 3
        let expected = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: padding) + [0x00] + trailer
        return ConstantTime.equal(encoded, expected)
    }

    /// Whether `signature` is `message`'s RSASSA-PSS signature with `digest` and MGF1 over it, of
    /// any salt length (as the salt's own length is recovered from the encoding).
    func verifiesPSS(_ signature: [UInt8], of message: [UInt8], digest: Digest) -> Bool {
        guard var encoded = publicOperation(signature) else { return false }
        let hashLength = digest.hash([]).count
        let emBits = bits - 1
        let emLength = (emBits + 7) / 8
        // The encoding takes `emLength` bytes; a longer result must begin with zeros.
        if encoded.count > emLength {
            guard encoded.prefix(encoded.count - emLength).allSatisfy({ $0 == 0 }) else { return false }
            encoded.removeFirst(encoded.count - emLength)
        }
        guard emLength >= hashLength + 2, encoded.last == 0xBC else { return false }
        let maskedBlock = Array(encoded[0..<(emLength - hashLength - 1)])
        let hash = Array(encoded[(emLength - hashLength - 1)..<(emLength - 1)])
        let unusedBits = 8 * emLength - emBits
        let topMask: UInt8 = unusedBits == 0 ? 0xFF : 0xFF >> UInt8(unusedBits)
        guard maskedBlock[0] & ~topMask == 0 else { return false }
        var block = zip(maskedBlock, Self.mgf1(seed: hash, length: maskedBlock.count, digest: digest)).map { $0 ^ $1 }
        block[0] &= topMask
        // The block is zeros, a one, then the salt.
        guard let one = block.firstIndex(where: { $0 != 0 }), block[one] == 0x01 else { return false }
        let salt = block[(one + 1)...]
        let rebuilt = digest.hash([UInt8](repeating: 0, count: 8) + digest.hash(message) + salt)
        return ConstantTime.equal(rebuilt, hash)
    }

    /// MGF1 (RFC 8017, B.2.1): hashes of the seed followed by a 32-bit counter, `length` bytes of them.
    static func mgf1(seed: [UInt8], length: Int, digest: Digest) -> [UInt8] {
        var out: [UInt8] = []
        var counter: UInt32 = 0
        while out.count < length {
            out += digest.hash(seed + withUnsafeBytes(of: counter.bigEndian) { Array($0) })
            counter += 1
        }
        return Array(out.prefix(length))
    }

    /// The DER of a DigestInfo with `digest`'s algorithm, up to the hash itself (RFC 8017, 9.2).
    static func digestInfoPrefix(_ digest: Digest) -> [UInt8]? {
        let sha2: [UInt8] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02]
        switch digest {
        case .sha256: return [0x30, 0x31, 0x30, 0x0d] + sha2 + [0x01, 0x05, 0x00, 0x04, 0x20]
        case .sha384: return [0x30, 0x41, 0x30, 0x0d] + sha2 + [0x02, 0x05, 0x00, 0x04, 0x30]
        case .sha512: return [0x30, 0x51, 0x30, 0x0d] + sha2 + [0x03, 0x05, 0x00, 0x04, 0x40]
        case .md5, .sha1: return nil
        }
    }

    // MARK: - The public operation

    /// `signature` to the public exponent modulo the modulus, as `signatureLength` big-endian
    /// bytes; nil when the signature is not that long or not below the modulus.
    func publicOperation(_ signature: [UInt8]) -> [UInt8]? {
        power(signature, exponent: exponent)
    }

    /// The PKCS #1 v1.5 signature of `message` with `digest` under the private exponent `d`
    /// (big-endian bytes): the encoded hash to the power `d` modulo the modulus.
    func signPKCS1(_ message: [UInt8], digest: Digest, privateExponent d: [UInt8]) -> [UInt8]? {
        guard let prefix = Self.digestInfoPrefix(digest) else { return nil }
        let trailer = prefix + digest.hash(message)
        guard signatureLength >= trailer.count + 11 else { return nil }
        let encoded = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: signatureLength - trailer.count - 3) + [0x00] + trailer
        return power(encoded, exponent: d)
    }

    /// `value` (big-endian bytes, `signatureLength` of them) to the power `exponent` modulo the
    /// modulus, as many bytes; nil when the value is not that long or not below the modulus.
    func power(_ value: [UInt8], exponent: [UInt8]) -> [UInt8]? {
        guard value.count == signatureLength else { return nil }
        let base = Limbs.from(value, count: modulus.count)
        guard Limbs.compare(base, modulus) < 0 else { return nil }
        let montgomery = Montgomery(modulus: modulus)
        let baseForm = montgomery.multiply(base, montgomery.rSquared)
        var accumulator = montgomery.one
        for byte in exponent {
            for bit in stride(from: 7, through: 0, by: -1) {
                accumulator = montgomery.multiply(accumulator, accumulator)
                if byte >> UInt8(bit) & 1 == 1 { accumulator = montgomery.multiply(accumulator, baseForm) }
            }
        }
        var plain = [UInt64](repeating: 0, count: modulus.count)
        plain[0] = 1
        return Limbs.bytes(montgomery.multiply(accumulator, plain), count: signatureLength)
    }
}
