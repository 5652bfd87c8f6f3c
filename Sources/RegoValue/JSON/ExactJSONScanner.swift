/// Reads JSON that jansson rejected only because an integer does not fit in 64 bits, keeping
/// every number's text exact. Depth is limited like jansson's.
enum ExactJSONScanner {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> Value {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        let value = try scanner.value(depth: 0)
        scanner.skipSpace()
        if scanner.pos < bytes.count { throw scanner.error("end of file expected") }
        return value
    }

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var pos = 0

        func error(_ message: String) -> JSONError {
            var line = 1, column = 1
            for b in bytes.prefix(pos) { if b == 10 { line += 1; column = 1 } else { column += 1 } }
            return JSONError(message: message, line: line, column: column)
        }

        mutating func skipSpace() {
            while pos < bytes.count, [32, 9, 10, 13].contains(bytes[pos]) { pos += 1 }
        }

        mutating func expect(_ literal: String, _ value: Value) throws(JSONError) -> Value {
            for b in literal.utf8 {
                guard pos < bytes.count, bytes[pos] == b else { throw error("invalid token") }
                pos += 1
            }
            return value
        }

        mutating func value(depth: Int) throws(JSONError) -> Value {
            guard depth < JSONReader.maxDepth else { throw error("maximum parsing depth reached") }
            guard pos < bytes.count else { throw error("unexpected end of input") }
            switch bytes[pos] {
            case UInt8(ascii: "n"): return try expect("null", .null)
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                pos += 1; skipSpace()
                var out: [Value] = []
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(out) }
                while true {
                    skipSpace()
                    out.append(try value(depth: depth + 1))
                    skipSpace()
                    guard pos < bytes.count else { throw error("unexpected end of input") }
                    if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(out) }
                    throw error("']' expected")
                }
            case UInt8(ascii: "{"):
                pos += 1; skipSpace()
                var pairs: [(Value, Value)] = []
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(RegoObject(pairs)) }
                while true {
                    skipSpace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("string or '}' expected") }
                    let key = try string()
                    skipSpace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("':' expected") }
                    pos += 1; skipSpace()
                    pairs.append((.string(key), try value(depth: depth + 1)))
                    skipSpace()
                    guard pos < bytes.count else { throw error("unexpected end of input") }
                    if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(RegoObject(pairs)) }
                    throw error("'}' expected")
                }
            default:
                let start = pos
                while pos < bytes.count, "+-.0123456789eE".utf8.contains(bytes[pos]) { pos += 1 }
                let text = String(decoding: bytes[start..<pos], as: UTF8.self)
                guard !text.isEmpty, let n = Number(text: text) else { pos = start; throw error("invalid token") }
                return .number(n)
            }
        }

        mutating func string() throws(JSONError) -> String {
            pos += 1
            var out: [UInt8] = []
            while pos < bytes.count {
                let b = bytes[pos]
                if b == UInt8(ascii: "\"") { pos += 1; return String(decoding: out, as: UTF8.self) }
                if b == UInt8(ascii: "\\") {
                    pos += 1
                    guard pos < bytes.count else { break }
                    let e = bytes[pos]
                    pos += 1
                    if let decoded = JSONEscape.byte(after: e) {
                        out.append(decoded)
                        continue
                    }
                    guard e == UInt8(ascii: "u") else {
                        pos -= 2
                        throw error("invalid escape \\\(Character(Unicode.Scalar(e))) in string")
                    }
                    let unit = try hex4()
                    let scalar: Unicode.Scalar?
                    if JSONEscape.isHighSurrogate(unit), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        scalar = JSONEscape.scalar(high: unit, low: try hex4())
                    } else {
                        scalar = JSONEscape.isHighSurrogate(unit) || JSONEscape.isLowSurrogate(unit) ? nil : Unicode.Scalar(unit)
                    }
                    guard let scalar else {
                        throw error("invalid Unicode escape: a surrogate \\u\(String(unit, radix: 16, uppercase: true)) not paired as high then low")
                    }
                    out.append(contentsOf: scalar.utf8)
                } else {
                    out.append(b); pos += 1
                }
            }
            throw error("premature end of input in string")
        }

        mutating func hex4() throws(JSONError) -> UInt32 {
            guard let value = JSONEscape.hex4(bytes, at: pos) else { throw error("invalid \\u escape: expected four hexadecimal digits") }
            pos += 4
            return value
        }
    }
}
