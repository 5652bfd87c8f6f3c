import RegoValue

/// Reads and writes `application/x-www-form-urlencoded` bodies as flat objects.
///
/// Reading: pairs are separated by `&` (empty pairs are skipped) and split at the first `=`; a
/// key without `=` has the value `""`. `+` is a space and `%XX` a percent-encoded byte; the decoded
/// bytes must be UTF-8. A key that occurs once maps to its string; a repeated key maps to the array
/// of its values in order.
///
/// Writing takes a flat object with string keys: a string, number, boolean or null (written as an
/// empty value) per key, or an array of those (the key repeated once per item). Bytes other than
/// ASCII letters, digits and `*-._` are percent-encoded, and spaces become `+`.
///
/// ```swift
/// let form = try FormCodec.parse("tag=a&tag=b&name=J%C3%BCrgen+M")
/// // {"name": "Jürgen M", "tag": ["a", "b"]}
/// ```
public enum FormCodec {
    /// Parses a form body; more than `maxFields` pairs is an error.
    public static func parse(_ text: String, maxFields: Int = 10_000) throws(CodecError) -> Value {
        let bytes = Array(text.utf8)
        var order: [String] = []
        var values: [String: [Value]] = [:]
        var fields = 0
        var end = -1
        // Each pass consumes one `&`-separated pair.
        while end < bytes.count {
            let start = end + 1
            end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            guard end > start else { continue }
            fields += 1
            guard fields <= maxFields else {
                throw .at(start, in: bytes, format: "form", "expected at most \(maxFields) fields; send fewer fields or raise the limit")
            }
            let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) ?? end
            let key = try decode(bytes, start..<equals)
            let value = equals < end ? try decode(bytes, (equals + 1)..<end) : ""
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(.string(value))
        }
        var pairs: [(String, Value)] = []
        for key in order {
            guard let all = values[key], let first = all.first else { continue }
            pairs.append((key, all.count == 1 ? first : .array(all)))
        }
        return .object(RegoObject(pairs))
    }

    /// Decodes `+` and `%XX` in `bytes[range]`.
    private static func decode(_ bytes: [UInt8], _ range: Range<Int>) throws(CodecError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let byte = bytes[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
                i += 1
            } else if byte == UInt8(ascii: "%") {
                guard i + 2 < range.upperBound, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else {
                    throw .at(i, in: bytes, format: "form", "expected two hexadecimal digits after '%'; write a literal '%' as %25")
                }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        if let invalid = CodecText.invalidUTF8Offset(in: out) {
            // Walk the source again to the byte or escape that produced the invalid byte.
            var source = range.lowerBound, decoded = 0
            while decoded < invalid, source < range.upperBound {
                source += bytes[source] == UInt8(ascii: "%") ? 3 : 1
                decoded += 1
            }
            throw .at(source, in: bytes, format: "form", "percent-decoded bytes are not UTF-8; encode text as UTF-8 before percent-encoding it")
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Writes a flat object as a form body, keys in the object's (sorted) order.
    public static func serialize(_ value: Value) throws(CodecError) -> String {
        guard case .object(let object) = value else {
            throw .unplaced("form", "expected an object of fields to write as a form, found \(value.typeName)")
        }
        var pairs: [String] = []
        for (key, field) in object {
            guard case .string(let name) = key else {
                throw .unplaced("form", "key \(key.jsonText) is not a string; form field names are strings")
            }
            let items: [Value]
            switch field {
            case .array(let array): items = array
            case .set(let set): items = set.elements
            default: items = [field]
            }
            for item in items {
                let text: String
                switch item {
                case .null: text = ""
                case .string(let s): text = s
                case .bool(let b): text = b ? "true" : "false"
                case .number(let n): text = n.jsonText
                case .array, .set, .object:
                    throw .unplaced("form", "field \"\(name)\" holds a nested \(item.typeName); form values must be strings, numbers, booleans, null or arrays of those")
                }
                pairs.append(encode(name) + "=" + encode(text))
            }
        }
        return pairs.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
