/// Lowercase hexadecimal digits as ASCII bytes, for everything that spells bytes in hex: the JSON
/// writer's `\u00XX` escapes, decision ids, SHA-256 digests.
public enum Hex {
    /// The digit of `nibble` (0...15): `0`–`9`, then `a`–`f`.
    @inlinable @inline(__always)
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// `bytes` as lowercase hex, two digits a byte, most significant nibble first. Inlinable, so
    /// that each caller's module specializes it: called generically from another module it looked
    /// up type metadata at every byte (a JWT's 256-byte signature took 20 µs).
    @inlinable
    public static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { text in
            var i = 0
            for byte in bytes {
                text[i] = digit(byte >> 4)
                text[i + 1] = digit(byte & 0x0f)
                i += 2
            }
            return i
        }
    }

    /// The eight digits of `word`, most significant first, as the bytes of a word in memory order
    /// (store it little-endian): each nibble spread into a byte of its own, then all eight turned
    /// into digits at once, where a digit at a time took about five instructions each.
    @inlinable
    public static func eightDigits(_ word: UInt32) -> UInt64 {
        var x = UInt64(word)
        x = (x & 0xFFFF_0000) << 16 | (x & 0xFFFF)
        x = (x & 0x0000_FF00_0000_FF00) << 8 | (x & 0x0000_00FF_0000_00FF)
        x = (x & 0x00F0_00F0_00F0_00F0) << 4 | (x & 0x000F_000F_000F_000F)
        // Byte i holds nibble i; the most significant goes first.
        x = x.byteSwapped
        // 1 in each byte whose nibble is 10 or more (nibble + 6 carries into the byte's fifth bit).
        let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return x &+ 0x3030_3030_3030_3030 &+ letters &* UInt64(UInt8(ascii: "a") - UInt8(ascii: "0") - 10)
    }
}
