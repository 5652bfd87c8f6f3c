import RegoValue

/// `io.jwt.encode_sign` (header and claims as objects, written as compact JSON with sorted keys)
/// and `io.jwt.encode_sign_raw` (header and payload as the texts given), signed with a JSON Web Key:
/// `HS256`, `HS384` and `HS512` with an `oct` key, `RS256`, `RS384` and `RS512` with an `RSA` key
/// that has its private exponent `d`, and `EdDSA` with an Ed25519 `OKP` key that has its `d`.
enum JWTSignBuiltins {
    static let all: [Builtin] = [
        Builtin("io.jwt.encode_sign", [.object, .object, .object], .string, category: "tokens") { args throws(BuiltinError) in
            let header = args[0].jsonText
            return .string(try sign(header: header, payload: args[1].jsonText, key: args[2]))
        },
        Builtin("io.jwt.encode_sign_raw", [.string, .string, .string], .string, category: "tokens") { args throws(BuiltinError) in
            let keyText = try args.string(2)
            let key: Value
            do { key = try JSONReader.parse(keyText) } catch { throw .builtin("failed to parse the signing key as a JWK: \(error)") }
            return .string(try sign(header: try args.string(0), payload: try args.string(1), key: key))
        },
    ]

    /// The compact serialization of `payload` signed as `header` says with `key`.
    static func sign(header: String, payload: String, key: Value) throws(BuiltinError) -> String {
        let headerValue: Value
        do { headerValue = try JSONReader.parse(header) } catch {
            throw .builtin("missing or invalid 'alg' header: cannot parse JSON\(header.isEmpty ? ": cannot parse empty string" : ": \(error.message)")")
        }
        guard case .string(let algorithm)? = headerValue[.string("alg")] else {
            throw .builtin("missing or invalid 'alg' header: header \"alg\" not found")
        }
        if case .string(let type)? = headerValue[.string("typ")], type.uppercased() == "JWT", (try? JSONReader.parse(payload)) == nil {
            throw .builtin("type is JWT but payload is not JSON")
        }
        let signingInput = Base64.encode(Array(header.utf8), alphabet: Base64.url, pad: false)
            + "." + Base64.encode(Array(payload.utf8), alphabet: Base64.url, pad: false)
        let signature = try signature(of: Array(signingInput.utf8), algorithm: algorithm, key: key)
        return signingInput + "." + Base64.encode(signature, alphabet: Base64.url, pad: false)
    }

    static func signature(of input: [UInt8], algorithm: String, key: Value) throws(BuiltinError) -> [UInt8] {
        guard case .object(let jwk) = key, case .string(let type)? = jwk[.string("kty")] else {
            throw .builtin("the signing key must be a JWK object with a `kty`")
        }
        func member(_ name: String) throws(BuiltinError) -> [UInt8] {
            try VerificationKey.jwkMember(name, of: jwk, type: type, context: "cannot use the signing key")
        }
        if algorithm == "EdDSA" {
            guard type == "OKP", case .string("Ed25519")? = jwk[.string("crv")], jwk[.string("d")] != nil else {
                throw .builtin("cannot sign with EdDSA using this key: EdDSA takes an `OKP` key with `crv` Ed25519 and its private `d`")
            }
            let seed = try member("d")
            guard seed.count == 32 else { throw .builtin("the Ed25519 signing key's `d` must be 32 bytes but is \(seed.count)") }
            return Ed25519.sign(input, seed: seed)
        }
        guard let (family, digest) = JWTVerifyBuiltins.family(of: algorithm), family == "HS" || family == "RS" else {
            throw .builtin("cannot sign with \(algorithm): Tollgate signs with HS256, HS384, HS512, RS256, RS384, RS512 and EdDSA")
        }
        switch (family, type) {
        case ("HS", "oct"):
            return digest.hmac(key: try member("k"), message: input)
        case ("RS", "RSA"):
            guard let rsa = RSAPublicKey(modulus: try member("n"), exponent: try member("e")),
                  let signature = rsa.signPKCS1(input, digest: digest, privateExponent: try member("d")) else {
                throw .builtin("the RSA signing key's `n`, `e` or `d` is not usable")
            }
            return signature
        default:
            throw .builtin("cannot sign with \(algorithm) using a key of type `\(type)`: \(family == "HS" ? "HS algorithms take an `oct` key" : "RS algorithms take an `RSA` key")")
        }
    }
}
