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
}
