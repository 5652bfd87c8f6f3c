@testable import RegoValue
import Testing

@Suite struct SHA256Tests {
    @Test func abc() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func emptyMessage() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fourHundredFortyEightBitMessage() {
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func messageSpanningBlocksAndMillionA() {
        // 896-bit message (FIPS 180-2 example) and one million 'a'.
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingBoundaries() {
        // 55, 56 and 64 bytes: the length fits, just misses, and fills a block.
        #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func digestInPiecesEqualsDigestOfTheWhole() {
        let message = Array((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        for split in [0, 1, 55, 63, 64, 65, 128, 200, 299, 300] {
            var hasher = SHA256.Hasher()
            hasher.update(message[0..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == SHA256.digest(message), "split at \(split)")
        }
        var bytewise = SHA256.Hasher()
        for byte in message { bytewise.update([byte]) }
        #expect(SHA256.hex(digest: bytewise.finalize()) == SHA256.hex(message))
    }

    /// The CPU's SHA instructions (used above wherever the CPU has them) and the Swift
    /// compression agree on every length around the block and padding boundaries, and on long messages.
    @Test func oneShotChainDigestEqualsTheIncrementalOne() {
        let message = Array((0..<700).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) })
        #expect(Array("ab".utf8).withUnsafeBytes { a in Array("c".utf8).withUnsafeBytes { SHA256.Hasher.hexDigest(a, $0) } }
            == Array("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".utf8))
        // Splits inside a block, on its boundary, and where the second part cannot fill the first's
        // partial block; totals around the one- and two-block paddings.
        for total in [0, 1, 54, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 183, 184, 191, 192, 463, 700] {
            for split in Set([0, 1, 30, 63, 64, 65, 100, 127, 128, 129, total / 2, total - 1, total].filter { $0 >= 0 && $0 <= total }) {
                let first = Array(message[0..<split]), second = Array(message[split..<total])
                let expected = Array(SHA256.hex(message[0..<total]).utf8)
                for portable in [false, true] {
                    let oneShot = first.withUnsafeBytes { a in second.withUnsafeBytes { SHA256.Hasher.hexDigest(a, $0, portable: portable) } }
                    #expect(oneShot == expected, "length \(total), split \(split), portable \(portable)")
                }
            }
        }
    }

    @Test func cpuInstructionsAndSwiftAgree() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt8 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        let lengths = Array(0...200) + [255, 256, 257, 1000, 4096, 65_537]
        for length in lengths {
            let message = (0..<length).map { _ in next() }
            var portable = SHA256.Hasher(portable: true)
            portable.update(message)
            #expect(portable.finalize() == SHA256.digest(message), "length \(length)")
        }
        var portable = SHA256.Hasher(portable: true)
        portable.update(Array("abc".utf8))
        #expect(SHA256.hex(digest: portable.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
