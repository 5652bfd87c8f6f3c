/// Reads well-formed JSON text straight into `Value`s in one pass, without building an
/// intermediate tree.
///
/// It only accepts what is plainly valid: on anything else (a syntax error, an integer beyond
/// 18 digits, a real that overflows, a `\u` escape of a lone surrogate, invalid UTF-8, nesting
/// deeper than `maxDepth`) it gives up and returns nil, and `JSONReader` reads the text with
/// jansson instead, which then reports the error or handles the edge case. So whatever this
/// reader returns is what the jansson path would have returned for the same text.
struct DirectJSONReader {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos = 0
    /// Whether the last string read had a `\u0000` escape (jansson rejects NUL in keys).
    var sawNul = false

    /// Deeper documents go to the jansson path (which enforces the real limit).
    static let maxDepth = 512

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var reader = DirectJSONReader(base: base, end: bytes.count)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        return reader.pos == reader.end ? value : nil
    }

    @inline(__always)
    mutating func skipSpace() {
        while pos < end {
            let b = base[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    mutating func value(depth: Int) -> Value? {
        skipSpace()
        guard pos < end else { return nil }
        switch base[pos] {
        case UInt8(ascii: "\""):
            guard let s = string() else { return nil }
            return .string(s)
        case UInt8(ascii: "{"):
            return object(depth: depth + 1)
        case UInt8(ascii: "["):
            return array(depth: depth + 1)
        case UInt8(ascii: "t"):
            return literal("true", .bool(true))
        case UInt8(ascii: "f"):
            return literal("false", .bool(false))
        case UInt8(ascii: "n"):
            return literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number()
        default:
            return nil
        }
    }

    mutating func literal(_ text: StaticString, _ value: Value) -> Value? {
        let n = text.utf8CodeUnitCount
        guard end - pos >= n else { return nil }
        let expected = text.utf8Start
        for i in 0..<n where base[pos + i] != expected[i] { return nil }
        pos += n
        return value
    }

    /// Steps into an array or object at its opening bracket: nil when too deep or cut short, true
    /// when `closing` follows at once (the container is empty and read).
    @inline(__always)
    mutating func enter(depth: Int, closing: UInt8) -> Bool? {
        guard depth <= DirectJSONReader.maxDepth else { return nil }
        pos += 1
        skipSpace()
        guard pos < end else { return nil }
        if base[pos] == closing { pos += 1; return true }
        return false
    }

    /// After an element: false at a comma (another follows), true at `closing`, nil otherwise.
    @inline(__always)
    mutating func afterElement(closing: UInt8) -> Bool? {
        skipSpace()
        guard pos < end else { return nil }
        let b = base[pos]
        pos += 1
        if b == UInt8(ascii: ",") { return false }
        return b == closing ? true : nil
    }

    mutating func array(depth: Int) -> Value? {
        guard let empty = enter(depth: depth, closing: UInt8(ascii: "]")) else { return nil }
        var items: [Value] = []
        if empty { return .array(items) }
        items.reserveCapacity(4)
        while true {
            guard let item = value(depth: depth) else { return nil }
            items.append(item)
            guard let closed = afterElement(closing: UInt8(ascii: "]")) else { return nil }
            if closed { return .array(items) }
        }
    }

    mutating func object(depth: Int) -> Value? {
        guard let empty = enter(depth: depth, closing: UInt8(ascii: "}")) else { return nil }
        if empty { return .object(RegoObject()) }
        // Most objects have a few keys: one allocation per array instead of growing 1, 2, 4, 8.
        var keys: [Value] = [], values: [Value] = []
        keys.reserveCapacity(8)
        values.reserveCapacity(8)
        while true {
            skipSpace()
            guard pos < end, base[pos] == UInt8(ascii: "\""), let key = string(), !sawNul else { return nil }
            skipSpace()
            guard pos < end, base[pos] == UInt8(ascii: ":") else { return nil }
            pos += 1
            guard let item = value(depth: depth) else { return nil }
            keys.append(.string(key))
            values.append(item)
            guard let closed = afterElement(closing: UInt8(ascii: "}")) else { return nil }
            if closed { return .object(RegoObject(unsortedKeys: keys, values: values)) }
        }
    }

    /// A string starting at the opening quote.
    mutating func string() -> String? {
        sawNul = false
        pos += 1
        let start = pos
        var ascii = true
        while pos < end {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                let bytes = UnsafeBufferPointer(start: base + start, count: pos - start)
                pos += 1
                if ascii { return String(decoding: bytes, as: UTF8.self) }
                return String(validating: bytes, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { return escapedString(start) }
            if b < 0x20 { return nil }
            if b >= 0x80 { ascii = false }
            pos += 1
        }
        return nil
    }

    /// The rest of a string that has escapes; `start` is just after the opening quote.
    mutating func escapedString(_ start: Int) -> String? {
        sawNul = false
        var out: [UInt8] = []
        out.reserveCapacity(pos - start + 16)
        out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: pos - start))
        while pos < end {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(validating: out, as: UTF8.self)
            }
            if b < 0x20 { return nil }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            guard pos + 1 < end else { return nil }
            let e = base[pos + 1]
            pos += 2
            if let decoded = JSONEscape.byte(after: e) {
                out.append(decoded)
                continue
            }
            guard e == UInt8(ascii: "u"), let unit = hex4(), !JSONEscape.isLowSurrogate(unit) else { return nil }
            let scalar: Unicode.Scalar
            if JSONEscape.isHighSurrogate(unit) {
                guard pos + 1 < end, base[pos] == UInt8(ascii: "\\"), base[pos + 1] == UInt8(ascii: "u") else { return nil }
                pos += 2
                guard let low = hex4(), let pair = JSONEscape.scalar(high: unit, low: low) else { return nil }
                scalar = pair
            } else {
                guard let single = Unicode.Scalar(unit) else { return nil }
                scalar = single
            }
            if scalar.value == 0 { sawNul = true }
            out.append(contentsOf: scalar.utf8)
        }
        return nil
    }

    mutating func hex4() -> UInt32? {
        guard let value = JSONEscape.hex4(UnsafeBufferPointer(start: base, count: end), at: pos) else { return nil }
        pos += 4
        return value
    }

    @inline(__always)
    func isDigit(_ i: Int) -> Bool {
        i < end && base[i] >= UInt8(ascii: "0") && base[i] <= UInt8(ascii: "9")
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; integers of up to 18 digits directly,
    /// reals through the standard library's correctly rounded parser.
    mutating func number() -> Value? {
        let start = pos
        var negative = false
        if base[pos] == UInt8(ascii: "-") { negative = true; pos += 1 }
        guard isDigit(pos) else { return nil }
        let digitsStart = pos
        var magnitude = 0
        if base[pos] == UInt8(ascii: "0") {
            pos += 1
            if isDigit(pos) { return nil }
        } else {
            while isDigit(pos) {
                if pos - digitsStart < 18 { magnitude = magnitude &* 10 &+ Int(base[pos] &- UInt8(ascii: "0")) }
                pos += 1
            }
        }
        let integerDigits = pos - digitsStart
        var real = false
        if pos < end, base[pos] == UInt8(ascii: ".") {
            real = true
            pos += 1
            guard isDigit(pos) else { return nil }
            while isDigit(pos) { pos += 1 }
        }
        if pos < end, base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E") {
            real = true
            pos += 1
            if pos < end, base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-") { pos += 1 }
            guard isDigit(pos) else { return nil }
            while isDigit(pos) { pos += 1 }
        }
        if !real {
            guard integerDigits <= 18 else { return nil }
            return .number(.int(negative ? -magnitude : magnitude))
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { return nil }
        return .number(Number(d))
    }
}
