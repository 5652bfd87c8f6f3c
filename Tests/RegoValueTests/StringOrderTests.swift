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

@Suite struct SortKeyTests {
    /// Sorting through word encodings agrees with sorting by `Value.compare`.
    @Test func sortedUniqueAgreesWithCompare() {
        var generator = SystemRandomNumberGenerator()
        let strings: [Value] = ["", "a", "a\u{0}", "ab", "b", "delete", "list", "type007", "type041", "é", "abcdefghijklmno",
                                "a longer string that is not small"]
        let scalars: [Value] = strings + [.null, true, false, 0, -1, 1, .int(Int.min), .int(Int.max), 42, 2.5]
        func randomScalar() -> Value { scalars.randomElement(using: &generator)! }
        func randomValue() -> Value {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return randomScalar()
            case 1: return .array((0..<Int.random(in: 0..<3, using: &generator)).map { _ in randomScalar() })
            case 2: return .set(RegoSet((0..<Int.random(in: 0..<3, using: &generator)).map { _ in randomScalar() }))
            default:
                let keys = (0..<Int.random(in: 0..<3, using: &generator)).map { _ in strings.randomElement(using: &generator)! }
                return .object(RegoObject(keys.map { ($0, randomScalar()) }))
            }
        }
        for _ in 0..<300 {
            let n = Int.random(in: 0..<40, using: &generator)
            var values = (0..<n).map { _ in randomValue() }
            // Also shapes that encode: only small strings and integers inside objects.
            if Bool.random(using: &generator) {
                values = (0..<n).map { i in
                    .object(RegoObject([("action", strings[i % 7]), ("n", .int(i % 5 - 2))]))
                }
            }
            var expected: [Value] = []
            for v in values.sorted(by: { Value.compare($0, $1) < 0 })
            where expected.isEmpty || Value.compare(expected[expected.count - 1], v) != 0 {
                expected.append(v)
            }
            let got = Value.sortedUnique(values)
            #expect(got.count == expected.count)
            for (g, e) in zip(got, expected) { #expect(Value.compare(g, e) == 0) }
        }
    }
}
