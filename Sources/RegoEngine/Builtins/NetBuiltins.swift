import RegoValue

/// Network builtins on IPv4 and IPv6 addresses and CIDR blocks: `net.cidr_contains`,
/// `net.cidr_intersects` and `net.cidr_is_valid`; with `NetBlockBuiltins`, the ones of many blocks. Addresses are read as Go's `net` package reads
/// them (dotted quads without leading zeros, IPv6 groups with `::` and an IPv4 tail); an IPv4 block
/// never contains or meets an IPv6 one.
enum NetBuiltins {
    static let all: [Builtin] = [
        Builtin("net.cidr_contains", [.string, .string], .boolean, category: "net") { args throws(BuiltinError) in
            .bool(try contains(try CIDR.parse(try args.string(0)), try args.string(1)))
        },
        Builtin("net.cidr_intersects", [.string, .string], .boolean, category: "net") { args throws(BuiltinError) in
            .bool(try CIDR.parse(try args.string(0)).intersects(try CIDR.parse(try args.string(1))))
        },
        Builtin("net.cidr_is_valid", [.string], .boolean, category: "net") { args throws(BuiltinError) in
            .bool(CIDR(try args.string(0)) != nil)
        },
    ] + NetBlockBuiltins.all

    /// Whether `block` contains `other`, a block or an address.
    static func contains(_ block: CIDR, _ other: String) throws(BuiltinError) -> Bool {
        if let inner = CIDR(other) { return block.contains(inner) }
        guard let address = IPAddress(other) else { throw .builtin("invalid CIDR address or IP address: \(other)") }
        return block.contains(CIDR(address: address, prefix: address.bits))
    }
}

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address.
struct IPAddress: Equatable {
    var bytes: [UInt8]
    var bits: Int { bytes.count * 8 }

    init?(_ text: String) {
        if text.contains(":") {
            guard let bytes = Self.ipv6(Substring(text)) else { return nil }
            self.bytes = bytes
        } else {
            guard let bytes = Self.ipv4(Substring(text)) else { return nil }
            self.bytes = bytes
        }
    }

    /// Four decimal parts of 0–255, without leading zeros.
    static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  part.count == 1 || part.first != "0", let value = Int(part), value <= 255 else { return nil }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    /// Up to eight groups of 1–4 hex digits, one `::` standing for the zero groups left out, and
    /// optionally an IPv4 address in place of the last two groups.
    static func ipv6(_ text: Substring) -> [UInt8]? {
        var head: [UInt16] = [], tail: [UInt16] = []
        var sawGap = false
        var rest = text
        if rest.hasPrefix("::") {
            sawGap = true
            rest = rest.dropFirst(2)
        }
        while !rest.isEmpty {
            let group = rest.prefix(while: { $0 != ":" })
            rest = rest.dropFirst(group.count)
            if group.contains(".") {
                // An IPv4 tail ends the address.
                guard rest.isEmpty, let v4 = ipv4(group) else { return nil }
                let words = [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
                if sawGap { tail += words } else { head += words }
                break
            }
            guard !group.isEmpty, group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
            if sawGap { tail.append(value) } else { head.append(value) }
            if rest.hasPrefix("::") {
                guard !sawGap else { return nil }
                sawGap = true
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix(":") {
                rest = rest.dropFirst()
                guard !rest.isEmpty else { return nil }
            }
        }
        let groups: [UInt16]
        if sawGap {
            guard head.count + tail.count <= 7 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard head.count == 8 else { return nil }
            groups = head
        }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// The address with all but the first `prefix` bits cleared.
    func masked(_ prefix: Int) -> [UInt8] {
        bytes.indices.map { i in
            let keep = max(0, min(8, prefix - 8 * i))
            return keep == 8 ? bytes[i] : bytes[i] & ~(0xFF >> keep)
        }
    }
}

/// A block of addresses: an address and how many of its leading bits are fixed.
struct CIDR {
    var address: IPAddress
    var prefix: Int

    init(address: IPAddress, prefix: Int) {
        self.address = address
        self.prefix = prefix
    }

    /// `address/prefix`, the prefix 0–32 for IPv4 and 0–128 for IPv6; nil when the text is not one.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])),
              !parts[1].isEmpty, parts[1].count <= 3, parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let prefix = Int(parts[1]), prefix <= address.bits else { return nil }
        self.init(address: address, prefix: prefix)
    }

    static func parse(_ text: String) throws(BuiltinError) -> CIDR {
        guard let cidr = CIDR(text) else { throw .builtin("invalid CIDR address: \(text) (expected an address and a prefix length, such as 10.0.0.0/8 or 2001:db8::/32)") }
        return cidr
    }

    /// Whether every address of `other` is in this block.
    func contains(_ other: CIDR) -> Bool {
        address.bytes.count == other.address.bytes.count && other.prefix >= prefix
            && address.masked(prefix) == other.address.masked(prefix)
    }

    /// Whether the two blocks share an address.
    func intersects(_ other: CIDR) -> Bool {
        let common = min(prefix, other.prefix)
        return address.bytes.count == other.address.bytes.count && address.masked(common) == other.address.masked(common)
    }
}
