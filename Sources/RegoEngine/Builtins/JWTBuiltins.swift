import RegoValue

/// JSON Web Token builtins that need no keys: `io.jwt.decode` (the checks of signatures are in
/// `JWTVerifyBuiltins`).
enum JWTBuiltins {
    static let all: [Builtin] = [
        Builtin("io.jwt.decode", [.string], .array, category: "tokens") { args throws(BuiltinError) in
            try decode(try args.string(0), nesting: 0)
        },
    ]

    /// A nested token (`cty: JWT`) inside more than this many others is refused.
    static let maxNesting = 16

    /// `[header, payload, signature in hex]` of `token`; of the innermost token when its payload is
    /// itself a token (header `cty: JWT`), as OPA decodes nested tokens.
    static func decode(_ token: String, nesting: Int) throws(BuiltinError) -> Value {
        let parts = sections(token)
        guard parts.count == 3 else {
            throw .builtin("encoded JWT must have 3 sections, found \(parts.count)")
        }
        let header = try decodeJSON(parts[0], section: "header")
        guard case .object = header else { throw .builtin("JWT header must be a JSON object") }
        if header[.string("enc")] != nil { throw .builtin("JWT is a JWE object, which is not supported") }
        let payloadBytes = try decodeSection(parts[1], section: "payload")
        if case .string(let cty)? = header[.string("cty")], cty.uppercased() == "JWT" {
            guard nesting < maxNesting else { throw .builtin("JWT nested more than \(maxNesting) deep") }
            // The inner token, as its text or as a JSON string holding it.
            var inner = String(decoding: payloadBytes, as: UTF8.self)
            if case .string(let quoted)? = try? JSONReader.parse(inner) { inner = quoted }
            return try decode(inner, nesting: nesting + 1)
        }
        let payload: Value
        do { payload = try JSONReader.parse(String(decoding: payloadBytes, as: UTF8.self)) } catch {
            throw .builtin("JWT payload is not valid JSON: \(error)")
        }
        guard case .object = payload else { throw .builtin("JWT payload must be a JSON object") }
        let signature = try decodeSection(parts[2], section: "signature")
        return .array([header, payload, .string(Hex.string(signature))])
    }

    /// The token's bytes split at every "." (as Go splits: by bytes, not by characters).
    static func sections(_ token: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(token.utf8)
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    }

    static func decodeSection(_ part: ArraySlice<UInt8>, section: String) throws(BuiltinError) -> [UInt8] {
        do { return try Base64.decodeURL(unpadded: part) } catch {
            throw .builtin("JWT \(section) is not valid base64url: \(error.message)")
        }
    }

    static func decodeJSON(_ part: ArraySlice<UInt8>, section: String) throws(BuiltinError) -> Value {
        let bytes = try decodeSection(part, section: section)
        do { return try JSONReader.parse(String(decoding: bytes, as: UTF8.self)) } catch {
            throw .builtin("JWT \(section) is not valid JSON: \(error.message)")
        }
    }
}
