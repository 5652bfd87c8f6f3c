import RegoValue

/// Reads the claims of a JSON Web Token without checking its signature (for labelling records only).
enum JWTClaims {
    /// The `sub` claim of `token`, which may carry a `Bearer ` prefix; nil when it is not a JWT.
    static func subject(ofToken token: String) -> String? {
        // A JWT has two dots: most subjects (user names) are ruled out without an allocation.
        guard token.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count == 2 else { return nil }
        var text = Substring(token)
        let lowercased = { (byte: UInt8) in byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte }
        if text.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { lowercased($0) == $1 }) { text = text.dropFirst(7) }
        text = text.drop(while: { $0 == " " })
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = base64URLDecode(parts[1]) else { return nil }
        let payload: Value
        do { payload = try JSONReader.parse(String(decoding: bytes, as: UTF8.self)) } catch { return nil }
        return payload.objectValue?["sub"]?.stringValue
    }

    /// Decodes base64url (with or without `=` padding); nil on any character outside the alphabet.
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let sextet: UInt8
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): sextet = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): sextet = c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sextet = c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): sextet = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): sextet = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = buffer << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}
