import RegoValue

/// The network builtins that take or give many blocks: `net.cidr_merge`, `net.cidr_expand` and
/// `net.cidr_contains_matches`.
enum NetBlockBuiltins {
    static let all: [Builtin] = [merge, expand, containsMatches]

    /// `net.cidr_merge(addrs)`: the fewest CIDR blocks that cover exactly the addresses of `addrs`
    /// (an array or set of blocks and addresses), as a set of strings. Blocks inside others go, and
    /// two halves of a block become the block. An IPv4 address without a prefix stands for its
    /// classful network, as OPA reads one (`10.1.2.3` is `10.0.0.0/8`, `172.16.5.4` is
    /// `172.16.0.0/16`, `192.0.2.1` is `192.0.2.0/24`); an IPv6 address, or an IPv4 one of class D
    /// or E, needs a prefix.
    static let merge = Builtin("net.cidr_merge", [.oneOf([.array, .set])], .set, category: "net") { args throws(BuiltinError) in
        var blocks: [CIDR] = []
        for item in try args.elements(0) {
            guard case .string(let text) = item else { throw .operand(1, expected: "array or set of strings", got: args[0]) }
            blocks.append(try block(text))
        }
        let families = [4, 16].map { family in merged(blocks.filter { $0.address.bytes.count == family }) }
        return .set(RegoSet(families.joined().map { Value.string($0.description) }))
    }

    /// The most addresses `net.cidr_expand` writes out: a /12 of IPv4 (OPA sets no bound; a /8
    /// would be sixteen million strings).
    static let expandLimit = 1 << 20

    /// `net.cidr_expand(cidr)`: every address of the block, as a set of strings.
    static let expand = Builtin("net.cidr_expand", [.string], .set, category: "net") { args throws(BuiltinError) in
        let text = try args.string(0)
        let block = try CIDR.parse(text)
        let hostBits = block.address.bits - block.prefix
        guard hostBits <= 20 else {
            throw .builtin("\(text) holds 2^\(hostBits) addresses, more than the \(expandLimit) it can expand: use a block with a prefix of at least \(block.address.bits - 20)")
        }
        var address = block.address.maskedAddress(block.prefix)
        var addresses: [Value] = []
        addresses.reserveCapacity(1 << hostBits)
        for _ in 0..<(1 << hostBits) {
            addresses.append(.string(address.description))
            address.increment()
        }
        // Sorted once (text order is not address order): inserting one at a time is quadratic.
        return .set(RegoSet(addresses))
    }

    /// `net.cidr_contains_matches(cidrs, cidrs_or_ips)`: the pairs of keys `[a, b]` where the block
    /// of `cidrs` at `a` contains the block or address of `cidrs_or_ips` at `b`. Each operand is a
    /// string (its own key), or an array (keys its indexes), set (keys its elements) or object
    /// (keys its keys) of strings or of arrays whose first element is the string, the rest any data
    /// the caller carries along.
    static let containsMatches = Builtin(
        "net.cidr_contains_matches", [.oneOf([.string, .array, .set, .object]), .oneOf([.string, .array, .set, .object])], .set, category: "net"
    ) { args throws(BuiltinError) in
        let blocks = try keyed(args, 0), others = try keyed(args, 1)
        var pairs: [Value] = []
        for (key, text) in blocks {
            let block = try CIDR.parse(text)
            for (otherKey, otherText) in others where try NetBuiltins.contains(block, otherText) {
                pairs.append(.array([key, otherKey]))
            }
        }
        return .set(RegoSet(pairs))
    }

    /// Operand `index` of `net.cidr_contains_matches` as (key, text) pairs.
    static func keyed(_ args: Arguments, _ index: Int) throws(BuiltinError) -> [(key: Value, text: String)] {
        func text(_ element: Value) throws(BuiltinError) -> String {
            if case .string(let text) = element { return text }
            if case .array(let tuple) = element, case .string(let text)? = tuple.first { return text }
            throw .builtin("operand \(index + 1): element must be string or non-empty array")
        }
        var pairs: [(key: Value, text: String)] = []
        switch args[index] {
        case .string(let text): pairs.append((args[index], text))
        case .array(let array):
            for (offset, element) in array.enumerated() { pairs.append((.number(.int(offset)), try text(element))) }
        case .set(let set):
            for element in set { pairs.append((element, try text(element))) }
        case .object(let object):
            for (key, element) in object { pairs.append((key, try text(element))) }
        default:
            throw .operand(index + 1, expected: "string, array, set or object", got: args[index])
        }
        return pairs
    }

    /// The block `text` names: `address/prefix`, or an IPv4 address standing for its classful network.
    static func block(_ text: String) throws(BuiltinError) -> CIDR {
        if let cidr = CIDR(text) { return CIDR(address: cidr.address.maskedAddress(cidr.prefix), prefix: cidr.prefix) }
        guard let address = IPAddress(text) else {
            throw .builtin("invalid IP address or CIDR block: \(text) (expected an address such as 192.0.2.1 or a block such as 10.0.0.0/8)")
        }
        guard address.bytes.count == 4, let prefix = classfulPrefix(address.bytes[0]) else {
            throw .builtin("\(text) needs a prefix length (such as \(text)/\(address.bits)): only an IPv4 address of class A, B or C stands for its network without one")
        }
        return CIDR(address: address.maskedAddress(prefix), prefix: prefix)
    }

    /// The network prefix of an IPv4 address's class: A (first bit 0) 8, B (10) 16, C (110) 24;
    /// nil for D and E.
    static func classfulPrefix(_ first: UInt8) -> Int? {
        if first < 0x80 { return 8 }
        if first < 0xC0 { return 16 }
        if first < 0xE0 { return 24 }
        return nil
    }

    /// The blocks of one family (their addresses masked to their prefixes) merged: sorted by
    /// address, then wider first, so a block inside another comes right after it (blocks are aligned
    /// on their size); then two halves of one block, always neighbours on the stack, are joined,
    /// again as long as the joined block and the one before it are halves.
    static func merged(_ blocks: [CIDR]) -> [CIDR] {
        let sorted = blocks.sorted { a, b in
            a.address.bytes == b.address.bytes ? a.prefix < b.prefix : a.address.bytes.lexicographicallyPrecedes(b.address.bytes)
        }
        var stack: [CIDR] = []
        for block in sorted {
            if let top = stack.last, top.contains(block) { continue }
            stack.append(block)
            while stack.count >= 2 {
                let second = stack[stack.count - 1], first = stack[stack.count - 2]
                guard first.prefix == second.prefix, first.prefix > 0,
                      first.address.masked(first.prefix - 1) == second.address.masked(first.prefix - 1) else { break }
                stack.removeLast(2)
                stack.append(CIDR(address: first.address, prefix: first.prefix - 1))
            }
        }
        return stack
    }
}

extension IPAddress: CustomStringConvertible {
    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The address with all but the first `prefix` bits cleared.
    func maskedAddress(_ prefix: Int) -> IPAddress { IPAddress(bytes: masked(prefix)) }

    /// The next address (wrapping past the last).
    mutating func increment() {
        for index in bytes.indices.reversed() {
            bytes[index] &+= 1
            if bytes[index] != 0 { return }
        }
    }

    /// The address as Go's `net` package writes it: dotted decimal for IPv4; for IPv6 lowercase hex
    /// groups without leading zeros, the longest run of two or more zero groups (the first of equal
    /// runs) written `::`.
    var description: String {
        guard bytes.count == 16 else { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, count: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            let start = index
            while index < 8 && groups[index] == 0 { index += 1 }
            if index - start > best.count { best = (start, index - start) }
        }
        let hex = { (range: Range<Int>) in groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        return best.count >= 2 ? hex(0..<best.start) + "::" + hex((best.start + best.count)..<8) : hex(0..<8)
    }
}

extension CIDR: CustomStringConvertible {
    /// `address/prefix`.
    var description: String { "\(address)/\(prefix)" }
}
