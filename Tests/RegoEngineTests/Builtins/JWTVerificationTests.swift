import Testing
@testable import RegoEngine
import RegoValue

/// Signature checks and signing of JSON Web Tokens. The RSA vectors were made with OpenSSL (a
/// 1024-bit key; `openssl dgst -sha256 -sign`, and with `-sigopt rsa_padding_mode:pss
/// -sigopt rsa_pss_saltlen:32` for PS256), the HMAC ones are published examples.
@Suite struct JWTVerificationTests {
    /// {"alg":"RS256","typ":"JWT"} . {"iss":"tollgate","sub":"alice"}
    static let rs256 = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ0b2xsZ2F0ZSIsInN1YiI6ImFsaWNlIn0.nk5EdMH8xml9SvkTrptHXlrWZefj-VMZkR9FRC0EMZ_6Ul5bRCeCCng9N3TuxgVgLy9ydbJKnT-K8zJo5FeWKGQcmNsjTgel4ktQpDp6ifElaNDpP3-a8AI-DwAjTrp57NuwjbZP6LsFfsbNHYzJ69w6rCW1_ZhtmzqUJC8K7xM"
    /// {"alg":"PS256","typ":"JWT"} . {"iss":"tollgate","sub":"alice"}
    static let ps256 = "eyJhbGciOiJQUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ0b2xsZ2F0ZSIsInN1YiI6ImFsaWNlIn0.CcbYn3KkBySvQrEWtqzxTIr1inma3PsEzBYWw3Oql_mfdlCJQ-FObmdkR_fBV_jgiFRbQN7o1nZGL9VJSWPiUJkMDm78RnKorSGwAtOS1xwoQIQNPmdXQ0Dl_qRyqvPx5W7oJqJ8P7vipRJT2IbVFk1Rb7UWgDnGZV6Y7OOtnVQ"
    static let jwk = #"{"kty": "RSA", "n": "6H0wIv8Qv-r42GDao1MpiL7UqiJLvJZCFCjQJ3B3VDIDASxY9bcgpBffS5XdpxJMPdaILH5ffDuFguqcO8JwZL31MnDeIeofEkt4mmjlyzbYOvvs1bOljIe9Ka92DCVpl68sh7QL0a18ogdTmepfYrXiKcBltJSfIx1Q_TwxVeU", "e": "AQAB"}"#
    static let publicKey = """
        -----BEGIN PUBLIC KEY-----
        MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDofTAi/xC/6vjYYNqjUymIvtSq
        Iku8lkIUKNAncHdUMgMBLFj1tyCkF99Lld2nEkw91ogsfl98O4WC6pw7wnBkvfUy
        cN4h6h8SS3iaaOXLNtg6++zVs6WMh70pr3YMJWmXryyHtAvRrXyiB1OZ6l9iteIp
        wGW0lJ8jHVD9PDFV5QIDAQAB
        -----END PUBLIC KEY-----
        """
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIICDDCCAXWgAwIBAgIUJdFVc7g39A4xF3dDZcIje/afqkkwDQYJKoZIhvcNAQEL
        BQAwGDEWMBQGA1UEAwwNdG9sbGdhdGUtdGVzdDAeFw0yNjEyMDIxNDUxMDBaFw0z
        NjExMjkxNDUxMDBaMBgxFjAUBgNVBAMMDXRvbGxnYXRlLXRlc3QwgZ8wDQYJKoZI
        hvcNAQEBBQADgY0AMIGJAoGBAOh9MCL/EL/q+Nhg2qNTKYi+1KoiS7yWQhQo0Cdw
        d1QyAwEsWPW3IKQX30uV3acSTD3WiCx+X3w7hYLqnDvCcGS99TJw3iHqHxJLeJpo
        5cs22Dr77NWzpYyHvSmvdgwlaZevLIe0C9GtfKIHU5nqX2K14inAZbSUnyMdUP08
        MVXlAgMBAAGjUzBRMB0GA1UdDgQWBBSS2+Kvi0wYfFga3Eb2PKNPAZEdTDAfBgNV
        HSMEGDAWgBSS2+Kvi0wYfFga3Eb2PKNPAZEdTDAPBgNVHRMBAf8EBTADAQH/MA0G
        CSqGSIb3DQEBCwUAA4GBAMhQYTG+l2+41rJy2kdUneIpKESkwomoLfHKqKCCwWw7
        9c4iojH1cC43ANEuyyQIFOPuoN2VfbBoNgRcODoTgw9RVoSXSw8F5PuFt3wF8cXO
        +PgiMZO8Hcy/KdE9nFQAXMtObiOfQivXddbX2r/9j7Kn2XTIFV+QZLLG9IUFE8Ut
        -----END CERTIFICATE-----
        """

    /// ES256, ES384 and ES512 tokens signed with OpenSSL (`openssl dgst -sha… -sign`, its DER
    /// signature rewritten as JWS's r ‖ s), with the public key of each.
    static let ecdsa: [(bits: String, token: String, key: String)] = [
        ("256", "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.dpzdz32InjaKe0WsQFZMfvwp7aFUAOLLrQpiLQGTIURtu7s2feAPTF5laD3KfmKcIMc8xpaCT-bIlajcum32OA",
         """
         -----BEGIN PUBLIC KEY-----
         MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+cJfCfiUi1BwftskiHTOrPm4AGdq
         2SashCR0FXPJ21tuLH6LAj+ewQ14OjeyEWeOc/v9V4dnqCYJfy8Ewzm9+Q==
         -----END PUBLIC KEY-----
         """),
        ("384", "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.15wyeXlm4aClejS1i3sr79HjVlIdlfvt7wfcHiKFlX2D42YyS-mX4VF0VYyQfa45g_yeMlqsC26TDIZRzafVVhge9ScHU2tgvI5K4G0YXptCvbQtMdHghyjayaieVXcs",
         """
         -----BEGIN PUBLIC KEY-----
         MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE0y+aafqSyXKoiVnzkUlFjLHujUR1Poxa
         Dt2FkhGtGVMugZ3Bwfv7HUXnaHg34gIWjUYN1WmxsXlj8bjjUHOoNRCLyy7XIMDk
         bd19psO/NyRzDeq2dhGKak/KkOk6hri3
         -----END PUBLIC KEY-----
         """),
        ("512", "eyJhbGciOiJFUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.AP0q5dOmuDjDjnqWkNMyYSNpYqX0fOjYKwEKmq-sGTikUYIpZstbSJ4umd5OGBKbEEpoA41cB-DUOAxWCnIMttIfAdIFybrvIr2HxTvqD0cPi6SnwJWhMj5Sw3yA9hmjV3GPyReYCzKnIX5TiBrCHvzhZ1bVwjdPe-m-7qQFKnVuzok7",
         """
         -----BEGIN PUBLIC KEY-----
         MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQACw1SMbY5NYa4QYOoYHTXYuoP0c7M
         J3sfR44zIIyMAz3nlu9P634IwjyJF+4UbYLMvz2+ENzqTn/99HeIdAFOEdsAN36o
         6QoHv7Z9XE5Q3XMjL6ul5qIqlo81Y7cY67mbtdX7NtH+2f7depBt1kVhCt8KlrkW
         oy2OCwZVfVFCf6+IPm8=
         -----END PUBLIC KEY-----
         """),
    ]
    static let p256JWK = #"{"kty": "EC", "crv": "P-256", "x": "-cJfCfiUi1BwftskiHTOrPm4AGdq2SashCR0FXPJ21s", "y": "bix-iwI_nsENeDo3shFnjnP7_VeHZ6gmCX8vBMM5vfk"}"#

    @Test func eachCurvesGeneratorLiesOnIt() {
        for name in EllipticCurve.Name.allCases {
            let curve = EllipticCurve.named(name)
            #expect(curve.contains(curve.generator), "\(name.rawValue)")
        }
    }

    @Test func ecdsaHoldsOnP256P384AndP521() throws {
        for (bits, token, key) in Self.ecdsa {
            #expect(try callBuiltin("io.jwt.verify_es\(bits)", .string(token), .string(key)) == true, "ES\(bits)")
            #expect(try callBuiltin("io.jwt.verify_es\(bits)", .string(Self.tampered(token)), .string(key)) == false, "ES\(bits) tampered")
            let result = try Self.decodeVerify(token, [("cert", .string(key))])
            #expect(result?[.int(0)] == true, "decode_verify ES\(bits)")
        }
        // A key of another curve, or the JWK of the right one.
        #expect(try callBuiltin("io.jwt.verify_es256", .string(Self.ecdsa[0].token), .string(Self.ecdsa[1].key)) == false)
        #expect(try callBuiltin("io.jwt.verify_es256", .string(Self.ecdsa[0].token), .string(Self.p256JWK)) == true)
        let offCurve = #"{"kty": "EC", "crv": "P-256", "x": "-cJfCfiUi1BwftskiHTOrPm4AGdq2SashCR0FXPJ21s", "y": "bix-iwI_nsENeDo3shFnjnP7_VeHZ6gmCX8vBMM5vfg"}"#
        #expect(builtinError("io.jwt.verify_es256", .string(Self.ecdsa[0].token), .string(offCurve))?.message.contains("not a point on the curve") == true)
    }

    /// The token with one character of its signature changed.
    static func tampered(_ token: String) -> String {
        var text = Array(token)
        let last = text.count - 5
        text[last] = text[last] == "A" ? "B" : "A"
        return String(text)
    }

    @Test func rs256HoldsWithThePublicKeyTheCertificateAndTheJWK() throws {
        for key in [Self.publicKey, Self.certificate, Self.jwk, #"{"keys": [{"kty": "EC"}, "# + Self.jwk + "]}"] {
            #expect(try callBuiltin("io.jwt.verify_rs256", .string(Self.rs256), .string(key)) == true, "\(key.prefix(30))")
            #expect(try callBuiltin("io.jwt.verify_rs256", .string(Self.tampered(Self.rs256)), .string(key)) == false)
            // The same signature under another digest or padding does not hold.
            #expect(try callBuiltin("io.jwt.verify_rs384", .string(Self.rs256), .string(key)) == false)
            #expect(try callBuiltin("io.jwt.verify_ps256", .string(Self.rs256), .string(key)) == false)
        }
    }

    @Test func ps256HoldsWithAnySaltTheEncodingCarries() throws {
        #expect(try callBuiltin("io.jwt.verify_ps256", .string(Self.ps256), .string(Self.certificate)) == true)
        #expect(try callBuiltin("io.jwt.verify_ps256", .string(Self.tampered(Self.ps256)), .string(Self.certificate)) == false)
        #expect(try callBuiltin("io.jwt.verify_rs256", .string(Self.ps256), .string(Self.certificate)) == false)
    }

    @Test func hs256HoldsWithItsSecretOnly() throws {
        let token = JWTBuiltinsTests.token
        #expect(try callBuiltin("io.jwt.verify_hs256", .string(token), "your-256-bit-secret") == true)
        #expect(try callBuiltin("io.jwt.verify_hs256", .string(token), "another secret") == false)
        #expect(try callBuiltin("io.jwt.verify_hs512", .string(token), "your-256-bit-secret") == false)
    }

    @Test func badKeysAndTokensAreErrorsThatSayWhatIsWrong() {
        #expect(builtinError("io.jwt.verify_rs256", .string(Self.rs256), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")?.message
            == "failed to parse a PEM certificate")
        #expect(builtinError("io.jwt.verify_rs256", .string(Self.rs256), .string(Self.publicKey + "\nmore"))?.message == "extra data after a PEM certificate block")
        #expect(builtinError("io.jwt.verify_rs256", .string(Self.rs256), #"{"kty": "bogus"}"#)?.message.hasPrefix("failed to parse a JWK key (set): unknown key type `bogus`") == true)
        #expect(builtinError("io.jwt.verify_rs256", "a.b", .string(Self.jwk))?.message == "encoded JWT must have 3 sections, found 2")
    }

    static func decodeVerify(_ token: String, _ constraints: [(String, Value)]) throws -> Value? {
        try callBuiltin("io.jwt.decode_verify", .string(token), .object(RegoObject(constraints.map { (Value.string($0.0), $0.1) })))
    }

    @Test func decodeVerifyChecksTheSignatureAndTheClaims() throws {
        let header: Value = ["alg": "RS256", "typ": "JWT"]
        let claims: Value = ["iss": "tollgate", "sub": "alice"]
        #expect(try Self.decodeVerify(Self.rs256, [("cert", .string(Self.certificate))]) == .array([true, header, claims]))
        #expect(try Self.decodeVerify(Self.rs256, [("cert", .string(Self.certificate)), ("iss", "tollgate"), ("alg", "RS256")]) == .array([true, header, claims]))
        let invalid = JWTVerifyBuiltins.invalid
        #expect(try Self.decodeVerify(Self.rs256, [("cert", .string(Self.certificate)), ("iss", "someone else")]) == invalid)
        #expect(try Self.decodeVerify(Self.rs256, [("cert", .string(Self.certificate)), ("alg", "PS256")]) == invalid)
        #expect(try Self.decodeVerify(Self.rs256, [("cert", .string(Self.certificate)), ("aud", "api")]) == invalid)
        #expect(try Self.decodeVerify(Self.tampered(Self.rs256), [("cert", .string(Self.certificate))]) == invalid)
        #expect(try Self.decodeVerify(Self.rs256, [("secret", "a secret")]) == invalid)
        // {"alg":"none"}: no signature to check, so not valid.
        #expect(try Self.decodeVerify("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.", [("secret", "a secret")]) == invalid)
    }

    /// RFC 8032's first test key (seed 9d61b1…, public key d75a98…), and a token OpenSSL signed
    /// with it (`openssl pkeyutl -sign -rawin`; Ed25519 signatures are deterministic).
    static let ed25519Seed = EllipticCurve.bytes(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    static let ed25519Public = EllipticCurve.bytes(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    static let eddsaToken = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.s5bCNt-8Yd3GN1G6kfjnCZpginWw3tXfkPvH_SB_rlMLCQ_7zvO3Pb1RBnVmN1nuWfG_obEB4QETaSTg6JUZDA"
    static let ed25519PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----"
    static let ed25519JWK: Value = ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                                    "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"]

    @Test func ed25519KeysAndSignaturesAreOpenSSLs() {
        #expect(Ed25519.publicKey(seed: Self.ed25519Seed) == Self.ed25519Public)
        let signature = EllipticCurve.bytes(hex: "58d3b7478a5dac43156787211887fba326e13e89ff496f7514edcde295cd8b27b05e2dcc29c22b964df9579373f0174436c00fbc2060ed0eb0327a71ab6dac0c")
        let message = Array("header.payload".utf8)
        #expect(Ed25519.sign(message, seed: Self.ed25519Seed) == signature)
        #expect(Ed25519.verifies(signature, of: message, key: Self.ed25519Public))
        #expect(!Ed25519.verifies(signature, of: Array("header.payloaD".utf8), key: Self.ed25519Public))
        var flipped = signature
        flipped[40] ^= 1
        #expect(!Ed25519.verifies(flipped, of: message, key: Self.ed25519Public))
    }

    @Test func eddsaTokensAreVerifiedAndSigned() throws {
        #expect(try callBuiltin("io.jwt.verify_eddsa", .string(Self.eddsaToken), .string(Self.ed25519PEM)) == true)
        #expect(try callBuiltin("io.jwt.verify_eddsa", .string(Self.tampered(Self.eddsaToken)), .string(Self.ed25519PEM)) == false)
        #expect(try callBuiltin("io.jwt.verify_eddsa", .string(Self.eddsaToken), .string(Self.ed25519JWK.jsonText)) == true)
        let verified = try Self.decodeVerify(Self.eddsaToken, [("cert", .string(Self.ed25519PEM))])
        #expect(verified == .array([true, ["alg": "EdDSA", "typ": "JWT"], ["sub": "alice"]]))
        // Signing the same header and claims gives OpenSSL's token, byte for byte.
        let signed = try callBuiltin("io.jwt.encode_sign_raw", #"{"alg":"EdDSA","typ":"JWT"}"#, #"{"sub":"alice"}"#, .string(Self.ed25519JWK.jsonText))
        #expect(signed == .string(Self.eddsaToken))
    }

    @Test func decodeVerifyJudgesExpAndNbfAtTheGivenTime() throws {
        // Signed here, as the HMAC over header and claims is checked against the published example above.
        let key: Value = ["kty": "oct", "k": "c2VjcmV0"]  // "secret"
        let token = try #require(try callBuiltin("io.jwt.encode_sign", ["alg": "HS256"], ["nbf": 100, "exp": 200], key))
        guard case .string(let text) = token else { Issue.record("not a string"); return }
        for (seconds, valid) in [(99.9, false), (100, true), (199.9, true), (200, false)] {
            let result = try Self.decodeVerify(text, [("secret", "secret"), ("time", .number(.double(seconds * 1e9)))])
            #expect(result?[.int(0)] == .bool(valid), "at \(seconds) s")
        }
        let error = builtinError("io.jwt.decode_verify", .string(text), ["secret": "secret", "bogus": 1])
        #expect(error?.message.hasPrefix(#"unknown token validation constraint: "bogus""#) == true)
        #expect(builtinError("io.jwt.decode_verify", .string(text), ["iss": "x"])?.message.hasPrefix("no key to verify the token with") == true)
    }

    @Test func encodeSignMakesThePublishedHS256Example() throws {
        // RFC 7515, A.1: the header and payload texts as given there, signed with its key.
        let header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
        let payload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
        let key = #"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#
        let token = try callBuiltin("io.jwt.encode_sign_raw", .string(header), .string(payload), .string(key))
        #expect(token == "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(builtinError("io.jwt.encode_sign_raw", "{}", "{}", .string(key))?.message == "missing or invalid 'alg' header: header \"alg\" not found")
        #expect(builtinError("io.jwt.encode_sign", ["alg": "ES256"], [:], ["kty": "EC"])?.message.hasPrefix("cannot sign with ES256") == true)
        #expect(builtinError("io.jwt.encode_sign", ["alg": "RS256"], [:], try #require(try JSONReader.parse(Self.jwk) as Value?))?.message
            == "cannot use the signing key: the `RSA` key has no `d`")
        #expect(builtinError("io.jwt.verify_rs256", .string(Self.rs256), #"{"kty": "RSA", "n": "!!"}"#)?.message.hasPrefix("failed to parse a JWK key (set): `n` is not base64url") == true)
    }
}
