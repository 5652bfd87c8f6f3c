/// Base64 as Go's `encoding/base64` padded encodings read and write it (line breaks in the input
/// are skipped; errors name the offending input byte). Also used for SQLite blobs in pipeline answers.
public enum Base64 {
    public static let standard: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let url: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: [UInt8], alphabet: [UInt8], pad: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2: UInt8 = i + 2 < bytes.count ? bytes[i + 2] : 0
            let remaining = bytes.count - i
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if remaining > 1 { out.append(alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)]) } else if pad { out.append(61) }
            if remaining > 2 { out.append(alphabet[Int(b2 & 0x3f)]) } else if pad { out.append(61) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Symbol values by byte (0xff: not in the alphabet), built once per alphabet.
    static let standardTable = decodeTable(standard)
    static let urlTable = decodeTable(url)

    static func decodeTable(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }

    /// Decodes padded base64; the input length (without line breaks) must be a multiple of four.
    /// base64url text with or without its `=` padding, as JSON Web Tokens and Keys write it.
    static func decodeURL<C: Collection>(unpadded text: C) throws(BuiltinError) -> [UInt8] where C.Element == UInt8 {
        var bytes = Array(text)
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        return try decode(bytes, alphabet: url)
    }

    static func decode(_ bytes: [UInt8], alphabet: [UInt8]) throws(BuiltinError) -> [UInt8] {
        let table = alphabet == url ? urlTable : (alphabet == standard ? standardTable : decodeTable(alphabet))
        return try bytes.withUnsafeBufferPointer { buffer throws(BuiltinError) in try decode(buffer, table: table) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, table: [UInt8]) throws(BuiltinError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3)
        // The symbols of the current quantum, packed 6 bits each, and how many there are.
        var quantum: UInt32 = 0
        var count = 0
        var finished = false
        var j = 0
        func corrupt(_ at: Int) -> BuiltinError { .builtin("illegal base64 data at input byte \(at)") }
        while j < bytes.count {
            let c = bytes[j]
            if c == 10 || c == 13 { j += 1; continue }
            if finished { throw corrupt(j) }
            if c == 61 {  // "="
                switch count {
                case 2:
                    // A second "=" must follow (line breaks may come between).
                    var k = j + 1
                    while k < bytes.count && (bytes[k] == 10 || bytes[k] == 13) { k += 1 }
                    guard k < bytes.count else { throw corrupt(bytes.count) }
                    guard bytes[k] == 61 else { throw corrupt(k) }
                    j = k
                case 3: break
                default: throw corrupt(j)
                }
                flush(quantum, count, into: &out)
                quantum = 0
                count = 0
                finished = true
                j += 1
                continue
            }
            let v = table[Int(c)]
            guard v != 0xff else { throw corrupt(j) }
            quantum = quantum << 6 | UInt32(v)
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: quantum >> 16))
                out.append(UInt8(truncatingIfNeeded: quantum >> 8))
                out.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0
                count = 0
            }
            j += 1
        }
        if count != 0 { throw corrupt(bytes.count) }
        return out
    }

    /// Writes the bytes of a partial (2 or 3 symbol) quantum packed 6 bits per symbol.
    private static func flush(_ quantum: UInt32, _ count: Int, into out: inout [UInt8]) {
        guard count >= 2 else { return }
        let q = quantum << (6 * UInt32(4 - count))
        out.append(UInt8(truncatingIfNeeded: q >> 16))
        if count >= 3 { out.append(UInt8(truncatingIfNeeded: q >> 8)) }
        if count >= 4 { out.append(UInt8(truncatingIfNeeded: q)) }
    }
}
