/// Lowercase hexadecimal digits as ASCII bytes, for everything that spells bytes in hex: the JSON
/// writer's `\u00XX` escapes, decision ids, SHA-256 digests.
public enum Hex {
    /// The digit of `nibble` (0...15): `0`–`9`, then `a`–`f`.
    @inlinable @inline(__always)
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
