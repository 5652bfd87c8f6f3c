import RegoValue

/// `uuid.parse(uuid)`: the fields of a UUID, undefined when the text is not one. Accepted as OPA
/// accepts them: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, the same in braces or after `urn:uuid:`,
/// or 32 hex digits. Every UUID gives its `version` and `variant` (`RFC4122`, `Microsoft`, `Future`
/// or `Reserved`); a time-based one (versions 1 and 2) also its `time` (nanoseconds since the Unix
/// epoch), `clocksequence`, `nodeid` (hex bytes joined by `-`) and `macvariables`
/// (`local`/`global`:`unicast`/`multicast`, from the node id's first byte); version 2 (DCE security)
/// its `domain` (`Person`, `Group`, `Org`, else `Domain` and the number) and `id`.
enum UUIDBuiltins {
    static let all: [Builtin] = [
        Builtin("uuid.parse", [.string], .object, category: "uuid") { args throws(BuiltinError) in
            guard let bytes = bytes(try args.string(0)) else { return nil }
            return .object(RegoObject(fields(bytes)))
        },
    ]

    /// The 16 bytes of a UUID's text; nil when it is not one.
    static func bytes(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        switch utf8.count {
        case 36 + 9:
            guard String(decoding: utf8[..<9], as: UTF8.self).lowercased() == "urn:uuid:" else { return nil }
            utf8.removeFirst(9)
        case 36 + 2:
            guard utf8.first == UInt8(ascii: "{"), utf8.last == UInt8(ascii: "}") else { return nil }
            utf8 = Array(utf8[1..<37])
        case 36, 32: break
        default: return nil
        }
        if utf8.count == 36 {
            guard [8, 13, 18, 23].allSatisfy({ utf8[$0] == UInt8(ascii: "-") }) else { return nil }
            utf8 = utf8.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        }
        var bytes: [UInt8] = []
        for pair in stride(from: 0, to: 32, by: 2) {
            guard let high = hexValue(utf8[pair]), let low = hexValue(utf8[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// 100-nanosecond intervals from the start of the Gregorian calendar (1582-10-15) to the Unix epoch.
    static let gregorianToUnix: Int64 = 122_192_928_000_000_000

    static func fields(_ bytes: [UInt8]) -> [(String, Value)] {
        func bigEndian(_ range: Range<Int>) -> UInt64 { bytes[range].reduce(0) { $0 << 8 | UInt64($1) } }
        let version = Int(bytes[6] >> 4)
        let variant = switch bytes[8] {
        case let b where b & 0xC0 == 0x80: "RFC4122"
        case let b where b & 0xE0 == 0xC0: "Microsoft"
        case let b where b & 0xE0 == 0xE0: "Future"
        default: "Reserved"
        }
        var fields: [(String, Value)] = [("version", .number(.int(version))), ("variant", .string(variant))]
        guard version == 1 || version == 2 else { return fields }
        // 60 bits of time: the low 32 (for version 2 the id stands there), the middle 16, the high 12.
        let ticks = bigEndian(0..<4) | bigEndian(4..<6) << 32 | (bigEndian(6..<8) & 0x0FFF) << 48
        let node = bytes[10]
        fields += [
            ("time", .number(.int(Int((Int64(ticks) &- gregorianToUnix) &* 100)))),
            ("clocksequence", .number(.int(Int(bigEndian(8..<10) & 0x3FFF)))),
            ("nodeid", .string(bytes[10...].map { Hex.string([$0]) }.joined(separator: "-"))),
            ("macvariables", .string((node & 0x02 != 0 ? "local" : "global") + ":" + (node & 0x01 != 0 ? "multicast" : "unicast"))),
        ]
        if version == 2 {
            let domain = switch bytes[9] {
            case 0: "Person"
            case 1: "Group"
            case 2: "Org"
            default: "Domain\(bytes[9])"
            }
            fields += [("domain", .string(domain)), ("id", .number(.int(Int(bigEndian(0..<4)))))]
        }
        return fields
    }
}
