import RegoValue

/// Decision ids: version 7 UUIDs (RFC 9562) as lowercase text, written without Foundation. The first
/// 48 bits are the Unix time in milliseconds, so ids made later sort later: the decision log's index
/// on ids grows at its end instead of touching a random page for every record.
enum DecisionID {
    static let digits = Array("0123456789abcdef".utf8)

    static func make(milliseconds: UInt64 = UInt64(max(0, SystemClock.wallNanoseconds() / 1_000_000))) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        var low = generator.next() as UInt64
        // 48 bits of time, the version, 12 random bits.
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (random & 0x0FFF)
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000     // RFC 9562 variant
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 0
        func put(_ value: UInt64, nibbles: Int) {
            for i in stride(from: nibbles - 1, through: 0, by: -1) {
                if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                bytes[position] = digits[Int((value >> (UInt64(i) * 4)) & 0xF)]
                position += 1
            }
        }
        put(high, nibbles: 16)
        put(low, nibbles: 16)
        return String(decoding: bytes, as: UTF8.self)
    }
}
