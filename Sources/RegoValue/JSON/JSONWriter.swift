/// Writes `Value`s as JSON text: object keys sorted (as OPA writes them), sets as sorted arrays,
/// numbers exact. A plain Swift writer: faster than jansson's and prints doubles in shortest form.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    let indent: Int

    /// `indent` > 0 pretty-prints with that many spaces per level.
    public init(indent: Int = 0, capacity: Int = 256) {
        self.indent = indent
        bytes.reserveCapacity(capacity)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends text as it is (punctuation, a key already quoted).
    public mutating func append(raw: StaticString) {
        raw.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte as it is.
    public mutating func append(byte: UInt8) { bytes.append(byte) }

    public mutating func write(_ value: Value, level: Int = 0) {
        switch value {
        case .null: append(raw: "null")
        case .bool(let b): if b { append(raw: "true") } else { append(raw: "false") }
        case .number(let n): writeNumber(n)
        case .string(let s): writeString(s)
        case .array(let a): writeArray(a, level: level)
        case .set(let s): writeArray(s.elements, level: level)
        case .object(let o):
            if o.isEmpty { append(raw: "{}"); return }
            bytes.append(UInt8(ascii: "{"))
            // Objects are kept sorted by key, which for string keys is the output order; other keys
            // are written as their JSON text, which may sort differently.
            let keyTexts: [String]? = o.keys.allSatisfy({ if case .string = $0 { true } else { false } })
                ? nil : o.keys.map(Value.jsonKeyText)
            let order = keyTexts.map { texts in o.keys.indices.sorted { compareUTF8(texts[$0], texts[$1]) < 0 } }
            for position in o.keys.indices {
                let i = order?[position] ?? position
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                if let keyTexts { writeString(keyTexts[i]) } else if case .string(let s) = o.keys[i] { writeString(s) }
                bytes.append(UInt8(ascii: ":"))
                if indent > 0 { bytes.append(32) }
                write(o.values[i], level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    mutating func writeArray(_ a: [Value], level: Int) {
        if a.isEmpty { append(raw: "[]"); return }
        bytes.append(UInt8(ascii: "["))
        for (i, v) in a.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(level + 1)
            write(v, level: level + 1)
        }
        newline(level)
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func newline(_ level: Int) {
        guard indent > 0 else { return }
        bytes.append(10)
        for _ in 0..<(level * indent) { bytes.append(32) }
    }

    mutating func writeNumber(_ n: Number) {
        switch n {
        case .int(let i):
            writeInteger(i)
        default: bytes.append(contentsOf: n.jsonText.utf8)
        }
    }

    /// Appends an integer's decimal digits.
    public mutating func writeInteger(_ i: Int) {
        if i >= 0 && i < 10 { bytes.append(UInt8(48 + i)); return }
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        // At most 20 digits, written backwards into a small buffer, then copied in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escapes: copy them whole.
        let plain: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            for b in utf8 where b < 32 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(92); bytes.append(b)
            case 10: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 13: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 9: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<32:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(JSONWriter.hex[Int(b >> 4)])
                bytes.append(JSONWriter.hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension Value {
    /// Compact JSON text.
    public var jsonText: String {
        var w = JSONWriter()
        w.write(self)
        return w.text
    }

    /// JSON text indented by `indent` spaces per level.
    public func jsonText(indent: Int) -> String {
        var w = JSONWriter(indent: indent)
        w.write(self)
        return w.text
    }

    /// The text used for a non-string object key when written as JSON.
    static func jsonKeyText(_ key: Value) -> String {
        if case .string(let s) = key { return s }
        return key.jsonText
    }

    /// The value as Rego source text: sets as `{1, 2}` (empty: `set()`), other values as JSON
    /// with `", "` and `": "` separators, as OPA prints terms.
    public var regoText: String {
        switch self {
        case .null, .bool, .number, .string: return jsonText
        case .array(let a): return "[" + a.map(\.regoText).joined(separator: ", ") + "]"
        case .set(let s): return s.isEmpty ? "set()" : "{" + s.elements.map(\.regoText).joined(separator: ", ") + "}"
        case .object(let o):
            return "{" + zip(o.keys, o.values).map { "\($0.regoText): \($1.regoText)" }.joined(separator: ", ") + "}"
        }
    }
}

extension Value: CustomStringConvertible {
    public var description: String { regoText }
}
