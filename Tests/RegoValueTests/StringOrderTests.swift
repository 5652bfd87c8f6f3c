import Testing
@testable import RegoValue

@Suite struct SmallStringOrderTests {
    /// Byte order the slow way, for reference.
    func byteOrder(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
    }

    @Test func agreesWithByteOrder() {
        var strings = ["", "a", "b", "a\u{0}", "a\u{0}\u{0}", "\u{0}", "é", "e", "z", "ÿ", "😀", "日本", "日本語のテキスト",
                       "abcdefgh", "abcdefghi", "abcdefgh\u{0}", "abcdefghijklmno", "abcdefghijklmnp",
                       "abcdefghijklmnop", "abcdefghijklmnoq", "item00001", "item00010", "type007", "type041",
                       String(repeating: "x", count: 40), String(repeating: "x", count: 41)]
        // Strings built at run time (not literals), small and large.
        for i in [0, 1, 7, 8, 9, 14, 15, 16, 17, 30] { strings.append(String(repeating: "q", count: i) + "\(i)") }
        strings.append(String(decoding: [0xC3, 0xA9, 0x61], as: UTF8.self))
        for a in strings {
            for b in strings {
                #expect(compareUTF8(a, b) == byteOrder(a, b), "\(a.debugDescription) vs \(b.debugDescription)")
                #expect(equalUTF8(a, b) == (byteOrder(a, b) == 0))
            }
        }
    }
}
