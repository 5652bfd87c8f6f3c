/// JSON's one-character escapes, shared by the readers.
enum JSONEscape {
    /// The byte that `\` followed by `escape` stands for (`\n` → 10, `\"` → `"`), or nil for `u`
    /// and for characters that are not escapes.
    static func byte(after escape: UInt8) -> UInt8? {
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escape
        case UInt8(ascii: "b"): 8
        case UInt8(ascii: "f"): 12
        case UInt8(ascii: "n"): 10
        case UInt8(ascii: "r"): 13
        case UInt8(ascii: "t"): 9
        default: nil
        }
    }

    /// The four hexadecimal digits of a `\u` escape starting at `position`, or nil when fewer than
    /// four bytes remain or one is not a hexadecimal digit.
    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32? {
        guard position >= 0, bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for i in position..<(position + 4) {
            let c = bytes[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Whether a `\u` code unit is the first half of a surrogate pair.
    static func isHighSurrogate(_ unit: UInt32) -> Bool { (0xD800..<0xDC00).contains(unit) }

    /// Whether a `\u` code unit is the second half of a surrogate pair.
    static func isLowSurrogate(_ unit: UInt32) -> Bool { (0xDC00..<0xE000).contains(unit) }

    /// The scalar a high and a low surrogate stand for together; nil unless they are such a pair.
    static func scalar(high: UInt32, low: UInt32) -> Unicode.Scalar? {
        guard isHighSurrogate(high), isLowSurrogate(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }
}
