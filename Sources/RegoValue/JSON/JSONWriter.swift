/// Writes `Value`s as JSON text: object keys sorted (as OPA writes them), sets as sorted arrays,
/// numbers exact. A plain Swift writer: faster than jansson's and prints doubles in shortest form.
///
/// The text grows in a buffer of the writer's own, written through a pointer: appending a byte is a
/// bounds check and a store, with no array's uniqueness check on each, and the small appends are
/// inlinable into other modules. `withBytes` lends the text where it lies; `bytes` and `text` copy
/// it out.
public struct JSONWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    let indent: Int

    /// `indent` > 0 pretty-prints with that many spaces per level.
    public init(indent: Int = 0, capacity: Int = 256) {
        self.indent = indent
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The text's UTF-8 bytes, copied.
    public var bytes: [UInt8] { withBytes { Array($0) } }

    public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    /// Lends the text's bytes where they lie (valid only inside `body`).
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Lends the text's bytes where they lie, for changing bytes written earlier in place (a length
    /// stored before text whose length was not known then); valid only inside `body`.
    public mutating func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// Makes room for `n` more bytes.
    @inlinable @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = larger
    }

    /// Appends bytes as they are.
    @inlinable
    public mutating func append(raw bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends text as it is (punctuation, a key already quoted).
    @inlinable @inline(__always)
    public mutating func append(raw: StaticString) {
        append(raw: UnsafeRawBufferPointer(start: raw.utf8Start, count: raw.utf8CodeUnitCount))
    }

    /// Appends `bytes` bytes that `body` writes in place, given where the first goes (text of a
    /// known length, such as a timestamp, with no string made for it).
    @inlinable
    public mutating func append(bytes: Int, writing body: (UnsafeMutablePointer<UInt8>) -> Void) {
        reserve(bytes)
        body(base + count)
        count += bytes
    }

    /// Appends one byte as it is.
    @inlinable @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    public mutating func write(_ value: Value, level: Int = 0) {
        switch value {
        case .null: append(raw: "null")
        case .bool(let b): if b { append(raw: "true") } else { append(raw: "false") }
        case .number(let n): writeNumber(n)
        case .string(let s): writeString(s)
        case .array(let a): writeArray(a, level: level)
        case .set(let s): writeArray(s.elements, level: level)
        case .object(let o): writeObject(o, level: level)
        }
    }

    /// Objects are kept sorted by key, which for string keys (most objects) is the output order;
    /// other keys are written as their JSON text, which may sort differently, and in that text's
    /// order. Keys and values are read where they lie, in one pass.
    mutating func writeObject(_ o: RegoObject, level: Int) {
        if o.isEmpty { append(raw: "{}"); return }
        let keyTexts: [String]? = o.keys.allSatisfy({ if case .string = $0 { true } else { false } })
            ? nil : o.keys.map(Value.jsonKeyText)
        let order = keyTexts.map { texts in o.keys.indices.sorted { compareUTF8(texts[$0], texts[$1]) < 0 } }
        append(byte: UInt8(ascii: "{"))
        o.keys.withUnsafeBufferPointer { keys in
            o.values.withUnsafeBufferPointer { values in
                for position in keys.indices {
                    let i = order?[position] ?? position
                    if position > 0 { append(byte: UInt8(ascii: ",")) }
                    newline(level + 1)
                    if let keyTexts { writeString(keyTexts[i]) } else if case .string(let s) = keys[i] { writeString(s) }
                    append(byte: UInt8(ascii: ":"))
                    if indent > 0 { append(byte: 32) }
                    write(values[i], level: level + 1)
                }
            }
        }
        newline(level)
        append(byte: UInt8(ascii: "}"))
    }

    mutating func writeArray(_ a: [Value], level: Int) {
        if a.isEmpty { append(raw: "[]"); return }
        append(byte: UInt8(ascii: "["))
        for (i, v) in a.enumerated() {
            if i > 0 { append(byte: UInt8(ascii: ",")) }
            newline(level + 1)
            write(v, level: level + 1)
        }
        newline(level)
        append(byte: UInt8(ascii: "]"))
    }

    mutating func newline(_ level: Int) {
        guard indent > 0 else { return }
        append(byte: 10)
        for _ in 0..<(level * indent) { append(byte: 32) }
    }

    mutating func writeNumber(_ n: Number) {
        switch n {
        case .int(let i):
            writeInteger(i)
        default:
            var text = n.jsonText
            text.withUTF8 { append(raw: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Appends an integer's decimal digits.
    public mutating func writeInteger(_ i: Int) {
        if i >= 0 && i < 10 { append(byte: UInt8(48 + i)); return }
        reserve(20)
        if i < 0 { append(byte: UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        // Written backwards, in place.
        var position = count + digits
        repeat {
            position -= 1
            base[position] = UInt8(48 + magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += digits
    }

    /// Appends `s` as a JSON string, quoted and escaped.
    public mutating func writeString(_ s: String) {
        // Native strings lend their bytes; others (bridged) are copied to do so.
        if s.utf8.withContiguousStorageIfAvailable({ writeString(utf8: UnsafeRawBufferPointer($0)) }) != nil { return }
        var copy = s
        copy.makeContiguousUTF8()
        copy.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Appends UTF-8 text as a JSON string: copied whole when nothing in it needs escaping (found
    /// eight bytes at a time), escaped byte by byte otherwise.
    public mutating func writeString(utf8: UnsafeRawBufferPointer) {
        let length = utf8.count
        reserve(length + 2)
        // Most strings (keys, names, ids' parts) take 4 to 16 bytes: two words that may overlap are
        // checked and stored as they are read, with no call to copy them.
        if length >= 4 && length <= 16 {
            let (head, tail) = length >= 8
                ? (utf8.loadUnaligned(as: UInt64.self), utf8.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self))
                : (UInt64(utf8.loadUnaligned(as: UInt32.self)), UInt64(utf8.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)))
            let word = length >= 8 ? head : head | tail << 32
            if !JSONWriter.wordNeedsEscaping(word) && (length < 8 || !JSONWriter.wordNeedsEscaping(tail)) {
                let start = UnsafeMutableRawPointer(base + count)
                start.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
                if length >= 8 {
                    start.storeBytes(of: head, toByteOffset: 1, as: UInt64.self)
                    start.storeBytes(of: tail, toByteOffset: 1 + length - 8, as: UInt64.self)
                } else {
                    start.storeBytes(of: UInt32(truncatingIfNeeded: head), toByteOffset: 1, as: UInt32.self)
                    start.storeBytes(of: UInt32(truncatingIfNeeded: tail), toByteOffset: 1 + length - 4, as: UInt32.self)
                }
                start.storeBytes(of: UInt8(ascii: "\""), toByteOffset: 1 + length, as: UInt8.self)
                count += length + 2
                return
            }
        }
        base[count] = UInt8(ascii: "\"")
        count += 1
        if !JSONWriter.needsEscaping(utf8) {
            if let source = utf8.baseAddress { UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: utf8.count) }
            count += utf8.count
            base[count] = UInt8(ascii: "\"")
            count += 1
            return
        }
        for b in utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte: 92); append(byte: b)
            case 10: append(byte: 92); append(byte: UInt8(ascii: "n"))
            case 13: append(byte: 92); append(byte: UInt8(ascii: "r"))
            case 9: append(byte: 92); append(byte: UInt8(ascii: "t"))
            case 0..<32:
                append(raw: "\\u00")
                append(byte: Hex.digit(b >> 4))
                append(byte: Hex.digit(b & 15))
            default: append(byte: b)
            }
        }
        append(byte: UInt8(ascii: "\""))
    }

    /// Whether `utf8` holds a control character, a quote or a backslash.
    static func needsEscaping(_ utf8: UnsafeRawBufferPointer) -> Bool {
        let count = utf8.count
        guard count >= 8 else { return count > 0 && wordNeedsEscaping(shortWord(utf8)) }
        var offset = 0
        while offset + 8 <= count {
            if wordNeedsEscaping(utf8.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
            offset += 8
        }
        // The last eight bytes, overlapping what was checked: no byte-by-byte tail.
        return offset < count && wordNeedsEscaping(utf8.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    }

    /// Whether any of the eight bytes of `w` is a quote, a backslash or under 0x20. A byte of a word
    /// is zero where its high bit comes out set in (w - ones) & ~w & highs; bytes under 0x20 likewise
    /// with (w - 0x20 * ones). Bytes of 0x80 and up never match.
    @inline(__always)
    static func wordNeedsEscaping(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
        let zero = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
        return zero & highs != 0
    }

    /// The 1 to 7 bytes of `utf8` as one word, from two loads that may overlap, with `A`s (which
    /// never need escaping) in what a text of 1 to 3 bytes leaves of it.
    @inline(__always)
    static func shortWord(_ utf8: UnsafeRawBufferPointer) -> UInt64 {
        let count = utf8.count
        if count >= 4 {
            return UInt64(utf8.loadUnaligned(as: UInt32.self)) | UInt64(utf8.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
        }
        if count >= 2 {
            return UInt64(utf8.loadUnaligned(as: UInt16.self)) | UInt64(utf8.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)) << 16
                | 0x4141_4141_0000_0000
        }
        return UInt64(utf8[0]) | 0x4141_4141_4141_4100
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
