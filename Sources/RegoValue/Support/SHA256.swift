import CSHA256

/// SHA-256 (FIPS 180-4), for the decision log's hash chain, the policy set's hash and `crypto.sha256`:
/// one-shot and incremental digests of byte strings.
/// Blocks are compressed with the CPU's SHA instructions where it has them (x86-64 with SHA-NI), in
/// Swift elsewhere.
///
/// ```swift
/// SHA256.hex(Array("abc".utf8)) // "ba7816bf…"
/// ```
public enum SHA256 {
    /// An incremental digest: `update` with the message's parts in order, then `finalize`. Whole
    /// blocks are hashed straight from the caller's bytes; only a partial block is copied.
    public struct Hasher {
        private var h0: UInt32 = 0x6a09e667, h1: UInt32 = 0xbb67ae85, h2: UInt32 = 0x3c6ef372, h3: UInt32 = 0xa54ff53a
        private var h4: UInt32 = 0x510e527f, h5: UInt32 = 0x9b05688c, h6: UInt32 = 0x1f83d9ab, h7: UInt32 = 0x5be0cd19
        /// Bytes of an unfinished block.
        private var pending: [UInt8] = []
        private var length: UInt64 = 0
        /// Whether blocks go to the CPU's SHA instructions.
        private let hardware: Bool

        public init() { self.init(portable: false) }

        /// With `portable`, every block is compressed in Swift even where the CPU could do it (tests
        /// compare the two).
        init(portable: Bool) {
            hardware = !portable && SHA256.cpuInstructions
        }

        /// The digest of `first` followed by `second`, as the bytes of 64 hex digits: the decision
        /// log's chain link (the previous hash and a record's JSON). Whole blocks are hashed where the
        /// bytes lie; only the block that joins the two parts and the padded tail are copied.
        public static func hexDigest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, portable: Bool = false) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: SHA256.hexLength) { text, count in
                hexDigest(first, second, into: UnsafeMutableRawPointer(text.baseAddress!), portable: portable)
                count = SHA256.hexLength
            }
        }

        /// `hexDigest(_:_:)`, its 64 hex digits written at `destination`, with no allocation.
        public static func hexDigest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer,
                              portable: Bool = false) {
            var hasher = Hasher(portable: portable)
            // Two blocks of room: a partial block (under 64 bytes) and its padding (9 bytes at least).
            withUnsafeTemporaryAllocation(byteCount: 128, alignment: 16) { block in
                let block = UnsafeMutableRawBufferPointer(block)
                let firstWhole = first.count & ~63
                if firstWhole > 0 { hasher.compress(blocks: UnsafeRawBufferPointer(rebasing: first[0..<firstWhole])) }
                // `first`'s partial block, topped up from `second` when that has enough to fill it.
                var held = first.count - firstWhole
                if held > 0 { block.baseAddress!.copyMemory(from: first.baseAddress! + firstWhole, byteCount: held) }
                var rest = second
                if held > 0, held + second.count >= 64 {
                    let take = 64 - held
                    (block.baseAddress! + held).copyMemory(from: second.baseAddress!, byteCount: take)
                    hasher.compress(blocks: UnsafeRawBufferPointer(rebasing: block[0..<64]))
                    rest = UnsafeRawBufferPointer(rebasing: second[take...])
                    held = 0
                }
                let restWhole = held == 0 ? rest.count & ~63 : 0
                if restWhole > 0 { hasher.compress(blocks: UnsafeRawBufferPointer(rebasing: rest[0..<restWhole])) }
                let tail = rest.count - restWhole
                if tail > 0 { (block.baseAddress! + held).copyMemory(from: rest.baseAddress! + restWhole, byteCount: tail) }
                // Padding: a 1 bit, zeros, and the message's length in bits (big-endian) to end a block.
                let used = held + tail
                let padded = used + 9 <= 64 ? 64 : 128
                block[used] = 0x80
                (block.baseAddress! + used + 1).initializeMemory(as: UInt8.self, repeating: 0, count: padded - used - 9)
                let bits = UInt64(first.count + second.count) &* 8
                block.storeBytes(of: bits.bigEndian, toByteOffset: padded - 8, as: UInt64.self)
                hasher.compress(blocks: UnsafeRawBufferPointer(rebasing: block[0..<padded]))
            }
            var state = (hasher.h0, hasher.h1, hasher.h2, hasher.h3, hasher.h4, hasher.h5, hasher.h6, hasher.h7)
            withUnsafeBytes(of: &state) { raw in
                for i in 0..<8 {
                    let word = raw.load(fromByteOffset: 4 * i, as: UInt32.self)
                    destination.storeBytes(of: Hex.eightDigits(word).littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
            }
        }

        /// Adds `bytes` to the message.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            length &+= UInt64(bytes.count)
            var offset = 0
            if !pending.isEmpty {
                let take = min(64 - pending.count, bytes.count)
                pending.append(contentsOf: bytes[0..<take])
                offset = take
                guard pending.count == 64 else { return }
                pending.withUnsafeBytes { compress(blocks: $0) }
                pending.removeAll(keepingCapacity: true)
            }
            let whole = (bytes.count - offset) / 64 * 64
            if whole > 0 { compress(blocks: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + whole)])) }
            pending.append(contentsOf: bytes[(offset + whole)...])
        }

        /// Adds `bytes` to the message.
        public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
            if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
        }

        /// The 32-byte digest of everything added.
        public mutating func finalize() -> [UInt8] {
            // Padding: a 1 bit, zeros up to 56 bytes mod 64, then the message length in bits (big-endian).
            let bits = length &* 8
            var tail = pending
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            tail.withUnsafeBytes { compress(blocks: $0) }
            var out = [UInt8]()
            out.reserveCapacity(32)
            for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
                for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
            }
            return out
        }

        /// Hashes whole 64-byte blocks into the state.
        private mutating func compress(blocks: UnsafeRawBufferPointer) {
            guard blocks.count >= 64 else { return }
            if hardware {
                var state = (h0, h1, h2, h3, h4, h5, h6, h7)
                withUnsafeMutableBytes(of: &state) { words in
                    tollgate_sha256_ni_blocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                              blocks.baseAddress!.assumingMemoryBound(to: UInt8.self), blocks.count / 64)
                }
                (h0, h1, h2, h3, h4, h5, h6, h7) = state
                return
            }
            // The round constants are CSHA256's, shared with its hardware compression.
            let k = UnsafeBufferPointer(start: tollgate_sha256_round_constants(), count: 64)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var offset = 0
                while offset + 64 <= blocks.count {
                    for i in 0..<16 {
                        let at = offset + 4 * i
                        w[i] = UInt32(blocks[at]) << 24 | UInt32(blocks[at + 1]) << 16 | UInt32(blocks[at + 2]) << 8 | UInt32(blocks[at + 3])
                    }
                    for i in 16..<64 {
                        let x = w[i - 15], y = w[i - 2]
                        let s0 = rotate(x, 7) ^ rotate(x, 18) ^ (x >> 3)
                        let s1 = rotate(y, 17) ^ rotate(y, 19) ^ (y >> 10)
                        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    for i in 0..<64 {
                        let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                        let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ majority
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                    offset += 64
                }
            }
        }
    }

    /// Whether this CPU has the SHA instructions.
    static let cpuInstructions = tollgate_sha256_ni_available() != 0

    /// The 32-byte digest of `message`.
    public static func digest<C: Collection>(_ message: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = Hasher()
        hasher.update(message)
        return hasher.finalize()
    }

    /// The digest of `message` as 64 lowercase hexadecimal digits.
    public static func hex<C: Collection>(_ message: C) -> String where C.Element == UInt8 {
        hex(digest: digest(message))
    }

    /// A digest as 64 lowercase hexadecimal digits.
    public static func hex(digest: [UInt8]) -> String { Hex.string(digest) }

    /// The digest of a string's UTF-8 bytes, as hex.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    /// The length of a digest in hex digits.
    public static let hexLength = 64

    private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
