import RegoValue

/// Encoding builtins: base64, base64url, hex and URL query encoding.
enum EncodingBuiltins {
    static let all: [Builtin] = [
        Builtin("base64.encode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(Base64.encode(Array(try args.string(0).utf8), alphabet: Base64.standard, pad: true))
        },
        Builtin("base64.decode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(text(try Base64.decode(Array(try args.string(0).utf8), alphabet: Base64.standard)))
        },
        Builtin("base64.is_valid", [.any], .boolean, category: "encoding") { args throws(BuiltinError) in
            // A non-string operand is simply not valid base64.
            guard case .string(let s) = args[0] else { return .false }
            return .bool((try? Base64.decode(Array(s.utf8), alphabet: Base64.standard)) != nil)
        },
        Builtin("base64url.encode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(Base64.encode(Array(try args.string(0).utf8), alphabet: Base64.url, pad: true))
        },
        Builtin("base64url.encode_no_pad", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(Base64.encode(Array(try args.string(0).utf8), alphabet: Base64.url, pad: false))
        },
        Builtin("base64url.decode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            var s = try args.string(0)
            // Unpadded input is accepted (RFC 7515 appendix C): restore the padding first.
            if !s.hasSuffix("=") {
                switch s.utf8.count % 4 {
                case 0: break
                case 2: s += "=="
                case 3: s += "="
                default: throw .builtin("illegal base64url string: \(s)")
                }
            }
            return .string(text(try Base64.decode(Array(s.utf8), alphabet: Base64.url)))
        },
        Builtin("hex.encode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(Hex.string(try args.string(0).utf8))
        },
        Builtin("hex.decode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(text(try hexDecode(Array(try args.string(0).utf8))))
        },
        Builtin("urlquery.encode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(URLQuery.escape(try args.string(0)))
        },
        Builtin("urlquery.decode", [.string], .string, category: "encoding") { args throws(BuiltinError) in
            .string(try URLQuery.unescape(try args.string(0)))
        },
        Builtin("urlquery.encode_object", [.object], .string, category: "encoding") { args throws(BuiltinError) in
            .string(try URLQuery.encode(try args.object(0)))
        },
        Builtin("urlquery.decode_object", [.string], .object, category: "encoding") { args throws(BuiltinError) in
            .object(try URLQuery.decode(try args.string(0)))
        },
    ]

    /// Decoded bytes as a Rego string (invalid UTF-8 becomes U+FFFD).
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }

    /// Go's `encoding/hex` decoding, with its error messages.
    static func hexDecode(_ bytes: [UInt8]) throws(BuiltinError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            guard let hi = hexValue(bytes[i]) else { throw invalidHexByte(bytes[i]) }
            guard let lo = hexValue(bytes[i + 1]) else { throw invalidHexByte(bytes[i + 1]) }
            out.append(hi << 4 | lo)
            i += 2
        }
        if bytes.count % 2 == 1 {
            if hexValue(bytes[bytes.count - 1]) == nil { throw invalidHexByte(bytes[bytes.count - 1]) }
            throw .builtin("encoding/hex: odd length hex string")
        }
        return out
    }

    /// `encoding/hex: invalid byte: U+0067 'g'` (Go's `%#U` of the byte).
    static func invalidHexByte(_ b: UInt8) -> BuiltinError {
        let digits = Array("0123456789ABCDEF".utf8)
        var code = "U+00" + text([digits[Int(b >> 4)], digits[Int(b & 15)]])
        let scalar = Unicode.Scalar(b)
        if b >= 0x20 && b != 0x7f && !(b >= 0x80 && b < 0xa0) { code += " '\(Character(scalar))'" }
        return .builtin("encoding/hex: invalid byte: \(code)")
    }
}
