import RegoValue

/// JSON Web Token signature checks: `io.jwt.verify_hs256/384/512` (HMAC with a secret),
/// `io.jwt.verify_rs256/384/512` (RSASSA-PKCS1-v1_5) and `io.jwt.verify_ps256/384/512` (RSASSA-PSS)
/// with a PEM certificate or key or a JWK (set), and `io.jwt.decode_verify`, which checks the
/// signature and the claims (`exp`, `nbf`, `iss`, `aud`) against constraints and decodes the token.
/// `io.jwt.verify_es256/384/512` check ECDSA on P-256, P-384 and P-521, `io.jwt.verify_eddsa`
/// Ed25519.
enum JWTVerifyBuiltins {
    static let digests: [(suffix: String, digest: Digest)] = [("256", .sha256), ("384", .sha384), ("512", .sha512)]

    /// An algorithm name's family (`HS`, `RS`, `PS`, `ES`) and digest; nil for any other name.
    static func family(of algorithm: String) -> (family: Substring, digest: Digest)? {
        let family = algorithm.prefix(2)
        guard ["HS", "RS", "PS", "ES"].contains(family),
              let digest = digests.first(where: { $0.suffix == algorithm.dropFirst(2) })?.digest else { return nil }
        return (family, digest)
    }

    static let all: [Builtin] = digests.flatMap(signatureChecks) + [
        Builtin("io.jwt.verify_eddsa", [.string, .string], .boolean, category: "tokens") { args throws(BuiltinError) in
            let token = try Token(try args.string(0))
            return .bool(token.verifiesEd25519(keys: try VerificationKey.parse(try args.string(1))))
        },
        Builtin("io.jwt.decode_verify", [.string, .object], .array, category: "tokens") { args throws(BuiltinError) in
            guard case .object(let constraints) = args[1] else { throw .operand(2, expected: "object", got: args[1]) }
            return try decodeVerify(try args.string(0), constraints: try Constraints(constraints, now: args.context.nowNanoseconds))
        },
    ]

    /// `io.jwt.verify_hs…`, `io.jwt.verify_rs…` and `io.jwt.verify_ps…` for one digest.
    static func signatureChecks(suffix: String, digest: Digest) -> [Builtin] {
        let hmac = Builtin("io.jwt.verify_hs\(suffix)", [.string, .string], .boolean, category: "tokens") { (args: Arguments) throws(BuiltinError) -> Value? in
            let token = try Token(try args.string(0))
            return .bool(token.verifiesHMAC(secret: Array(try args.string(1).utf8), digest: digest))
        }
        func rsa(_ prefix: String, _ scheme: RSAScheme) -> Builtin {
            Builtin("io.jwt.verify_\(prefix)\(suffix)", [.string, .string], .boolean, category: "tokens") { (args: Arguments) throws(BuiltinError) -> Value? in
                let token = try Token(try args.string(0))
                let keys = try VerificationKey.parse(try args.string(1))
                return .bool(token.verifies(scheme, digest: digest, keys: keys))
            }
        }
        let ecdsa = Builtin("io.jwt.verify_es\(suffix)", [.string, .string], .boolean, category: "tokens") { (args: Arguments) throws(BuiltinError) -> Value? in
            let token = try Token(try args.string(0))
            return .bool(token.verifiesECDSA(digest: digest, keys: try VerificationKey.parse(try args.string(1))))
        }
        return [hmac, rsa("rs", .pkcs1), rsa("ps", .pss), ecdsa]
    }

    /// How an RSA signature is padded.
    enum RSAScheme { case pkcs1, pss }

    /// A token's parts: its header and payload decoded, what was signed, and the signature.
    struct Token {
        var header: Value
        var payload: Value
        /// The first two sections and the dot between them, as the signature covers them.
        var signingInput: [UInt8]
        var signature: [UInt8]

        init(_ text: String) throws(BuiltinError) {
            let parts = JWTBuiltins.sections(text)
            guard parts.count == 3 else { throw .builtin("encoded JWT must have 3 sections, found \(parts.count)") }
            header = try JWTBuiltins.decodeJSON(parts[0], section: "header")
            guard case .object = header else { throw .builtin("JWT header must be a JSON object") }
            payload = try JWTBuiltins.decodeJSON(parts[1], section: "payload")
            signingInput = Array(parts[0]) + [UInt8(ascii: ".")] + Array(parts[1])
            signature = try JWTBuiltins.decodeSection(parts[2], section: "signature")
        }

        func verifiesHMAC(secret: [UInt8], digest: Digest) -> Bool {
            ConstantTime.equal(digest.hmac(key: secret, message: signingInput), signature)
        }

        /// Whether any Ed25519 key of `keys` verifies the signature.
        func verifiesEd25519(keys: [VerificationKey]) -> Bool {
            keys.contains { key in
                guard case .ed25519(let encoded) = key else { return false }
                return Ed25519.verifies(signature, of: signingInput, key: encoded)
            }
        }

        /// Whether any elliptic-curve key of `keys` verifies the signature.
        func verifiesECDSA(digest: Digest, keys: [VerificationKey]) -> Bool {
            keys.contains { key in
                guard case .ec(let ec) = key else { return false }
                return ec.verifies(signature, of: signingInput, digest: digest)
            }
        }

        /// Whether any RSA key of `keys` verifies the signature (other keys cannot).
        func verifies(_ scheme: RSAScheme, digest: Digest, keys: [VerificationKey]) -> Bool {
            keys.contains { key in
                guard case .rsa(let rsa) = key else { return false }
                switch scheme {
                case .pkcs1: return rsa.verifiesPKCS1(signature, of: signingInput, digest: digest)
                case .pss: return rsa.verifiesPSS(signature, of: signingInput, digest: digest)
                }
            }
        }
    }

    /// `io.jwt.decode_verify`'s second operand.
    struct Constraints {
        var keys: [VerificationKey]?
        var secret: [UInt8]?
        var algorithm: String?
        var issuer: String?
        var audience: String?
        /// Nanoseconds since the epoch at which `exp` and `nbf` are judged.
        var time: Double

        static let names = ["cert", "secret", "alg", "iss", "aud", "time"]

        init(_ object: RegoObject, now: Int64) throws(BuiltinError) {
            time = Double(now)
            for (key, value) in zip(object.keys, object.values) {
                guard case .string(let name) = key, Self.names.contains(name) else {
                    throw .builtin("unknown token validation constraint: \(key.regoText) (use \(Self.names.joined(separator: ", ")))")
                }
                if name == "time" {
                    guard case .number(let n) = value else { throw .builtin("token validation constraint `time` must be a number of nanoseconds but got \(value.typeName)") }
                    time = n.doubleValue
                    continue
                }
                guard case .string(let text) = value else {
                    throw .builtin("token validation constraint `\(name)` must be a string but got \(value.typeName)")
                }
                switch name {
                case "cert": keys = try VerificationKey.parse(text)
                case "secret": secret = Array(text.utf8)
                case "alg": algorithm = text
                case "iss": issuer = text
                default: audience = text
                }
            }
            guard keys != nil || secret != nil else {
                throw .builtin("no key to verify the token with: give the constraint `cert` (a PEM certificate or key, or a JWK set) or `secret`")
            }
        }
    }

    static let invalid = Value.array([.bool(false), .emptyObject, .emptyObject])

    static func decodeVerify(_ text: String, constraints: Constraints) throws(BuiltinError) -> Value {
        let token = try Token(text)
        guard case .string(let algorithm)? = token.header[.string("alg")] else { return invalid }
        // Critical extensions this check does not understand make the token unusable (RFC 7515, 4.1.11).
        if token.header[.string("crit")] != nil { return invalid }
        if let wanted = constraints.algorithm, wanted != algorithm { return invalid }
        guard try signatureHolds(token, algorithm: algorithm, constraints: constraints) else { return invalid }
        guard case .object(let claims) = token.payload else { return invalid }
        let seconds = constraints.time / 1e9
        if let exp = claims[.string("exp")] {
            guard case .number(let n) = exp else { throw .builtin("exp value must be a number") }
            if seconds >= n.doubleValue { return invalid }
        }
        if let nbf = claims[.string("nbf")] {
            guard case .number(let n) = nbf else { throw .builtin("nbf value must be a number") }
            if seconds < n.doubleValue { return invalid }
        }
        if let issuer = constraints.issuer, claims[.string("iss")] != .string(issuer) { return invalid }
        switch (claims[.string("aud")], constraints.audience) {
        case (nil, nil): break
        case (.string(let aud)?, let wanted?) where aud == wanted: break
        case (.array(let auds)?, let wanted?) where auds.contains(.string(wanted)): break
        default: return invalid
        }
        return .array([.bool(true), token.header, token.payload])
    }

    /// Whether the signature holds under `algorithm` with the constraints' key or secret.
    static func signatureHolds(_ token: Token, algorithm: String, constraints: Constraints) throws(BuiltinError) -> Bool {
        if algorithm == "EdDSA" { return token.verifiesEd25519(keys: constraints.keys ?? []) }
        // An algorithm that is not one (`none`, a typo) makes the token invalid.
        guard let (family, digest) = family(of: algorithm) else { return false }
        switch family {
        case "HS":
            if let secret = constraints.secret { return token.verifiesHMAC(secret: secret, digest: digest) }
            return constraints.keys?.contains { key in
                if case .secret(let secret) = key { return token.verifiesHMAC(secret: secret, digest: digest) }
                return false
            } ?? false
        case "RS": return token.verifies(.pkcs1, digest: digest, keys: constraints.keys ?? [])
        case "ES": return token.verifiesECDSA(digest: digest, keys: constraints.keys ?? [])
        default: return token.verifies(.pss, digest: digest, keys: constraints.keys ?? [])
        }
    }
}
