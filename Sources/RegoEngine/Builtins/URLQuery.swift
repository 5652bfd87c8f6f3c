import RegoValue

/// URL query encoding as Go's `net/url` does it (`QueryEscape`, `QueryUnescape`, `Values.Encode`,
/// `ParseQuery`), which OPA's `urlquery.*` builtins use.
enum URLQuery {
    /// Escapes everything but `A–Z a–z 0–9 - _ . ~`; a space becomes `+`.
    static func escape(_ s: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case 65...90, 97...122, 48...57, 45, 95, 46, 126: out.append(b)
            case 32: out.append(43)
            default:
                out.append(37)
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes and `+` (a space); a malformed escape is an error.
    static func unescape(_ s: String) throws(BuiltinError) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 37:
                guard i + 2 < bytes.count, let hi = EncodingBuiltins.hexValue(bytes[i + 1]),
                      let lo = EncodingBuiltins.hexValue(bytes[i + 2]) else {
                    let bad = String(decoding: bytes[i..<min(i + 3, bytes.count)], as: UTF8.self)
                    throw .builtin("invalid URL escape \"\(bad)\"")
                }
                out.append(hi << 4 | lo)
                i += 3
            case 43:
                out.append(32)
                i += 1
            default:
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `k=v&k=v2…` with keys in sorted order; values are strings, or arrays or sets of strings.
    static func encode(_ object: RegoObject) throws(BuiltinError) -> String {
        let valueError = BuiltinError.type("operand 1 values must be string, array[string], or set[string]")
        var parts: [(key: String, values: [String])] = []
        for (key, value) in object {
            guard case .string(let name) = key else {
                throw .type("operand 1 must be object with string keys but got \(key.typeName) key")
            }
            var strings: [String] = []
            switch value {
            case .string(let s): strings = [s]
            case .array, .set:
                let elements = value.arrayValue ?? value.setValue?.elements ?? []
                for element in elements {
                    guard case .string(let s) = element else { throw valueError }
                    strings.append(s)
                }
            default: throw valueError
            }
            parts.append((name, strings))
        }
        var pieces: [String] = []
        for part in parts {
            let escapedKey = escape(part.key)
            for value in part.values { pieces.append(escapedKey + "=" + escape(value)) }
        }
        return pieces.joined(separator: "&")
    }

    /// Parses `a=1&b=2&a=3` into `{"a": ["1", "3"], "b": ["2"]}`. Empty pairs are skipped; a
    /// pair without `=` has the empty value.
    static func decode(_ query: String) throws(BuiltinError) -> RegoObject {
        var result = RegoObject()
        var firstError: BuiltinError?
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if pair.contains(";") {
                if firstError == nil { firstError = .builtin("invalid semicolon separator in query") }
                continue
            }
            let key: Substring, value: Substring
            if let eq = pair.firstIndex(of: "=") {
                key = pair[..<eq]
                value = pair[pair.index(after: eq)...]
            } else {
                key = pair
                value = ""
            }
            do {
                let k = try unescape(String(key)), v = try unescape(String(value))
                var values = result[.string(k)]?.arrayValue ?? []
                values.append(.string(v))
                result[.string(k)] = .array(values)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return result
    }
}
