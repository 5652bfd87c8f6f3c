import RegoValue

/// JSON Web Token builtins that need no keys: `io.jwt.decode`.
enum JWTBuiltins {
    static let all: [Builtin] = [
        Builtin("io.jwt.decode", [.string], .array, category: "tokens") { args throws(BuiltinError) in
            let parts = sections(try args.string(0))
            guard parts.count == 3 else {
                throw .builtin("encoded JWT must have 3 sections, found \(parts.count)")
            }
            let header = try decodeJSON(parts[0], section: "header")
            guard case .object = header else { throw .builtin("JWT header must be a JSON object") }
            var payloadBytes = try decodeSection(parts[1], section: "payload")
            if case .string(let cty)? = header[.string("cty")], cty.uppercased() == "JWT" {
                // A nested token: the payload is itself a JWT, whose payload is what counts.
                let inner = sections(String(decoding: payloadBytes, as: UTF8.self))
                guard inner.count == 3 else { throw .builtin("nested JWT must have 3 sections") }
                payloadBytes = try decodeSection(inner[1], section: "payload")
            }
            let payload: Value
            do { payload = try JSONReader.parse(String(decoding: payloadBytes, as: UTF8.self)) } catch {
                throw .builtin("JWT payload is not valid JSON: \(error)")
            }
            guard case .object = payload else { throw .builtin("JWT payload must be a JSON object") }
            let signature = try decodeSection(parts[2], section: "signature")
            return .array([header, payload, .string(hex(signature))])
        },
    ]

    /// The token's bytes split at every "." (as Go splits: by bytes, not by characters).
    static func sections(_ token: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(token.utf8)
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    }

    static func decodeSection(_ part: ArraySlice<UInt8>, section: String) throws(BuiltinError) -> [UInt8] {
        var bytes = Array(part)
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        do { return try Base64.decode(bytes, alphabet: Base64.url) } catch {
            throw .builtin("JWT \(section) is not valid base64url: \(error.message)")
        }
    }

    static func decodeJSON(_ part: ArraySlice<UInt8>, section: String) throws(BuiltinError) -> Value {
        let bytes = try decodeSection(part, section: section)
        do { return try JSONReader.parse(String(decoding: bytes, as: UTF8.self)) } catch {
            throw .builtin("JWT \(section) is not valid JSON: \(error.message)")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
