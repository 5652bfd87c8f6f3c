import RegoValue

/// The keys a token's signature may be checked with, read as OPA reads the `certificate` operand of
/// `io.jwt.verify_rs256` and friends and the `cert` constraint of `io.jwt.decode_verify`: a PEM
/// certificate or public key (`CERTIFICATE`, `PUBLIC KEY`, `RSA PUBLIC KEY`), or a JSON Web Key or
/// key set. Keys of kinds Tollgate cannot check signatures with (other elliptic and Edwards curves)
/// are kept as such, so that a caller can tell "no key matched" from "this key cannot be used".
enum VerificationKey: Sendable, Equatable {
    case rsa(RSAPublicKey)
    /// A key on P-256, P-384 or P-521.
    case ec(ECPublicKey)
    /// An Ed25519 public key, its 32-byte encoding.
    case ed25519([UInt8])
    /// A symmetric key (a JWK of type `oct`).
    case secret([UInt8])
    /// A key of another type (`EC`, `OKP`, …), named as JWK names it.
    case unsupported(String)

    /// The keys in `text`: PEM when it begins with `-----BEGIN`, JSON otherwise.
    static func parse(_ text: String) throws(BuiltinError) -> [VerificationKey] {
        let trimmed = text.trimmingWhitespace
        if trimmed.hasPrefix("-----BEGIN") { return try parsePEM(trimmed) }
        return try parseJWK(trimmed)
    }

    // MARK: - PEM

    static func parsePEM(_ text: String) throws(BuiltinError) -> [VerificationKey] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }
        guard let first = lines.first, first.hasPrefix("-----BEGIN "), first.hasSuffix("-----") else {
            throw .builtin("failed to find a PEM certificate block")
        }
        let label = String(first.dropFirst("-----BEGIN ".count).dropLast(5))
        guard let endIndex = lines.firstIndex(of: "-----END \(label)-----") else {
            throw .builtin("failed to find a PEM certificate block: no `-----END \(label)-----` line")
        }
        guard lines[(endIndex + 1)...].allSatisfy(\.isEmpty) else { throw .builtin("extra data after a PEM certificate block") }
        // Header lines (`Proc-Type: …`) come before a blank line; the rest is base64.
        let body = lines[1..<endIndex].filter { !$0.contains(":") }.joined()
        let der: [UInt8]
        do { der = try Base64.decode(Array(body.utf8), alphabet: Base64.standard) } catch {
            throw .builtin("failed to parse a PEM certificate: \(error.message)")
        }
        switch label {
        case "CERTIFICATE":
            guard let spki = DERReader.certificatePublicKeyInfo(der) else { throw .builtin("failed to parse a PEM certificate") }
            return [try key(fromPublicKeyInfo: spki)]
        case "PUBLIC KEY":
            return [try key(fromPublicKeyInfo: der)]
        case "RSA PUBLIC KEY":
            guard let key = DERReader.rsaPublicKey(der) else { throw .builtin("failed to extract a Key from the PEM certificate") }
            return [.rsa(key)]
        default:
            throw .builtin("failed to extract a Key from the PEM certificate: a `\(label)` block holds no public key (use CERTIFICATE, PUBLIC KEY or RSA PUBLIC KEY)")
        }
    }

    private static func key(fromPublicKeyInfo der: [UInt8]) throws(BuiltinError) -> VerificationKey {
        guard let (algorithm, parameter, keyBytes) = DERReader.publicKeyInfo(der) else {
            throw .builtin("failed to extract a Key from the PEM certificate")
        }
        switch algorithm {
        case DERReader.rsaEncryption, DERReader.rsassaPSS:
            guard let key = DERReader.rsaPublicKey(keyBytes) else { throw .builtin("failed to extract a Key from the PEM certificate") }
            return .rsa(key)
        case DERReader.ecPublicKey:
            // An uncompressed point: 0x04, x, y.
            guard let curve = parameter.flatMap({ DERReader.curves[$0] }) else { return .unsupported("EC") }
            let size = EllipticCurve.named(curve).byteCount
            guard keyBytes.count == 1 + 2 * size, keyBytes[0] == 0x04,
                  let key = ECPublicKey(curve: curve, x: Array(keyBytes[1...size]), y: Array(keyBytes[(size + 1)...])) else {
                throw .builtin("failed to extract a Key from the PEM certificate: the \(curve.rawValue) point is not an uncompressed point on the curve")
            }
            return .ec(key)
        case DERReader.ed25519:
            guard keyBytes.count == 32, Ed25519.decode(keyBytes) != nil else {
                throw .builtin("failed to extract a Key from the PEM certificate: the Ed25519 key is not a point on the curve")
            }
            return .ed25519(keyBytes)
        default: return .unsupported("unknown")
        }
    }

    // MARK: - JWK

    static func parseJWK(_ text: String) throws(BuiltinError) -> [VerificationKey] {
        let json: Value
        do { json = try JSONReader.parse(text) } catch { throw .builtin("failed to parse a JWK key (set): \(error.message)") }
        guard case .object(let object) = json else { throw .builtin("failed to parse a JWK key (set): not a JSON object") }
        if let keys = object[.string("keys")] {
            guard case .array(let items) = keys else { throw .builtin("failed to parse a JWK key (set): `keys` is not an array") }
            return try items.map { item throws(BuiltinError) in try jwk(item) }
        }
        return [try jwk(json)]
    }

    /// The bytes of the base64url member `name` of the JWK `key` of type `type`; an error that
    /// begins with `context` (what was being read) when it is missing or not base64url.
    static func jwkMember(_ name: String, of key: RegoObject, type: String, context: String) throws(BuiltinError) -> [UInt8] {
        guard case .string(let text)? = key[.string(name)] else {
            throw .builtin("\(context): the `\(type)` key has no `\(name)`")
        }
        do { return try Base64.decodeURL(unpadded: text.utf8) } catch {
            throw .builtin("\(context): `\(name)` is not base64url: \(error.message)")
        }
    }

    static func jwk(_ value: Value) throws(BuiltinError) -> VerificationKey {
        guard case .object(let key) = value, case .string(let type)? = key[.string("kty")] else {
            throw .builtin("failed to parse a JWK key (set): a key has no `kty`")
        }
        func member(_ name: String) throws(BuiltinError) -> [UInt8] {
            try jwkMember(name, of: key, type: type, context: "failed to parse a JWK key (set)")
        }
        switch type {
        case "RSA":
            guard let rsa = RSAPublicKey(modulus: try member("n"), exponent: try member("e")) else {
                throw .builtin("failed to parse a JWK key (set): the RSA key's `n` or `e` is not a usable modulus or exponent")
            }
            return .rsa(rsa)
        case "oct": return .secret(try member("k"))
        case "EC":
            guard case .string(let name)? = key[.string("crv")], let curve = EllipticCurve.Name(rawValue: name) else {
                return .unsupported(type)
            }
            guard let ec = ECPublicKey(curve: curve, x: try member("x"), y: try member("y")) else {
                throw .builtin("failed to parse a JWK key (set): the \(name) key's `x` and `y` are not a point on the curve")
            }
            return .ec(ec)
        case "OKP":
            guard case .string("Ed25519")? = key[.string("crv")] else { return .unsupported(type) }
            let x = try member("x")
            guard x.count == 32, Ed25519.decode(x) != nil else {
                throw .builtin("failed to parse a JWK key (set): the Ed25519 key's `x` is not a point on the curve")
            }
            return .ed25519(x)
        default: throw .builtin("failed to parse a JWK key (set): unknown key type `\(type)` (a JWK's `kty` is RSA, EC, OKP or oct)")
        }
    }
}

/// Just enough DER (X.690) to find a public key in a certificate or a SubjectPublicKeyInfo.
enum DERReader {
    static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    static let rsassaPSS: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]
    static let ecPublicKey: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    static let ed25519: [UInt8] = [0x2B, 0x65, 0x70]
    /// The named curves' OIDs (prime256v1, secp384r1, secp521r1).
    static let curves: [[UInt8]: EllipticCurve.Name] = [
        [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]: .p256,
        [0x2B, 0x81, 0x04, 0x00, 0x22]: .p384,
        [0x2B, 0x81, 0x04, 0x00, 0x23]: .p521,
    ]

    /// One element: its tag, where it starts (its tag's byte) and where its contents lie.
    struct Element {
        var tag: UInt8
        var start: Int
        var contents: Range<Int>
    }

    /// The elements one after another in `bytes[range]`; nil when one is malformed.
    static func elements(_ bytes: [UInt8], in range: Range<Int>) -> [Element]? {
        var out: [Element] = []
        var index = range.lowerBound
        while index < range.upperBound {
            guard range.upperBound - index >= 2 else { return nil }
            let start = index
            let tag = bytes[index]
            var length = Int(bytes[index + 1])
            index += 2
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count >= 1, count <= 4, range.upperBound - index >= count else { return nil }
                length = bytes[index..<(index + count)].reduce(0) { $0 << 8 | Int($1) }
                index += count
            }
            guard range.upperBound - index >= length else { return nil }
            out.append(Element(tag: tag, start: start, contents: index..<(index + length)))
            index += length
        }
        return out
    }

    /// The contents of the one SEQUENCE that `bytes[range]` holds.
    static func sequence(_ bytes: [UInt8], in range: Range<Int>) -> [Element]? {
        guard let outer = elements(bytes, in: range), outer.count == 1, outer[0].tag == 0x30 else { return nil }
        return elements(bytes, in: outer[0].contents)
    }

    /// A certificate's SubjectPublicKeyInfo, as DER (RFC 5280, 4.1).
    static func certificatePublicKeyInfo(_ der: [UInt8]) -> [UInt8]? {
        guard let certificate = sequence(der, in: der.indices), let tbs = certificate.first, tbs.tag == 0x30,
              var fields = elements(der, in: tbs.contents) else { return nil }
        // An explicit version ([0]) may come first; then serial, signature, issuer, validity, subject, key.
        if fields.first?.tag == 0xA0 { fields.removeFirst() }
        guard fields.count >= 6, fields[5].tag == 0x30 else { return nil }
        return Array(der[fields[5].start..<fields[5].contents.upperBound])
    }

    /// A SubjectPublicKeyInfo's algorithm (its OID's bytes), the OID of its parameters if they are
    /// one (an elliptic-curve key's curve), and its key (the BIT STRING's bytes).
    static func publicKeyInfo(_ der: [UInt8]) -> (algorithm: [UInt8], parameter: [UInt8]?, key: [UInt8])? {
        guard let info = sequence(der, in: der.indices), info.count == 2, info[0].tag == 0x30, info[1].tag == 0x03,
              let algorithm = elements(der, in: info[0].contents), let oid = algorithm.first, oid.tag == 0x06,
              let unused = der[info[1].contents].first, unused == 0 else { return nil }
        let parameter = algorithm.count > 1 && algorithm[1].tag == 0x06 ? Array(der[algorithm[1].contents]) : nil
        return (Array(der[oid.contents]), parameter, Array(der[info[1].contents].dropFirst()))
    }

    /// An RSAPublicKey (RFC 8017, A.1.1): the modulus and exponent INTEGERs.
    static func rsaPublicKey(_ der: [UInt8]) -> RSAPublicKey? {
        guard let fields = sequence(der, in: der.indices), fields.count == 2, fields[0].tag == 0x02, fields[1].tag == 0x02 else { return nil }
        return RSAPublicKey(modulus: Array(der[fields[0].contents]), exponent: Array(der[fields[1].contents]))
    }
}
