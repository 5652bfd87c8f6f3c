import Testing
@testable import RegoValue

@Suite struct JSONReaderTests {
    @Test func readsScalarsAndContainers() throws {
        let v = try JSONReader.parse(#"{"b": [1, 2.5, "x", null, true], "a": {}}"#)
        #expect(v == ["a": .emptyObject, "b": [1, 2.5, "x", .null, true]])
    }

    @Test func writesKeysSorted() throws {
        let v = try JSONReader.parse(#"{"z": 1, "a": 2, "m": [3]}"#)
        #expect(v.jsonText == #"{"a":2,"m":[3],"z":1}"#)
    }

    @Test func writesIntegersDigitByDigit() {
        let values: [Value] = [.int(0), .int(7), .int(10), .int(-1), .int(-10), .int(1_234_567_890), .int(Int.max), .int(Int.min)]
        #expect(Value.array(values).jsonText == "[0,7,10,-1,-10,1234567890,9223372036854775807,-9223372036854775808]")
    }

    @Test func writesObjectsWithNonStringKeysInTheirTextsOrder() {
        // Keys 10 and 9 sort as numbers (9 first) but are written as texts "10" < "9".
        let object = Value.object(RegoObject([(.int(10), .bool(true)), (.int(9), .null), (.string("a"), .bool(false))]))
        #expect(object.jsonText == #"{"10":true,"9":null,"a":false}"#)
        #expect(object.jsonText(indent: 1) == "{\n \"10\": true,\n \"9\": null,\n \"a\": false\n}")
    }

    @Test func writesStringKeyedObjectsCompactAndIndented() {
        let object: Value = ["b": ["y": 1, "x": [true]], "a": "q\"", "c": [:]]
        #expect(object.jsonText == #"{"a":"q\"","b":{"x":[true],"y":1},"c":{}}"#)
        #expect(object.jsonText(indent: 2) == "{\n  \"a\": \"q\\\"\",\n  \"b\": {\n    \"x\": [\n      true\n    ],\n    \"y\": 1\n  },\n  \"c\": {}\n}")
    }

    @Test func keepsDecimalsShortest() throws {
        #expect(try JSONReader.parse("1234.56").jsonText == "1234.56")
        #expect(try JSONReader.parse("0.1").jsonText == "0.1")
        #expect(try JSONReader.parse("1e3").jsonText == "1000")
    }

    @Test func keepsIntegersBeyond64BitsExactly() throws {
        let text = #"{"big": 123456789012345678901234567890, "neg": -98765432109876543210987}"#
        let v = try JSONReader.parse(text)
        #expect(v.jsonText == #"{"big":123456789012345678901234567890,"neg":-98765432109876543210987}"#)
        #expect(Value.compare(v[.string("big")] ?? .null, .int(Int.max)) > 0)
    }

    @Test func escapesBesideABigIntegerAreReadOrRejectedAsJanssonWould() throws {
        // A big integer sends the document to the exact scanner, which must read escapes the same way.
        let big = #"{"n": 123456789012345678901234567890, "s": "#
        let pair = try JSONReader.parse(big + #""a\n\u00e9\ud83d\ude00"}"#)
        #expect(pair[.string("s")] == "a\né😀")
        for bad in [#""\ud800\u0041"}"#, #""\udc00"}"#, #""\ud800"}"#, #""\x"}"#, #""\u12g4"}"#] {
            let error = #expect(throws: JSONError.self, "\(bad)") { try JSONReader.parse(big + bad) }
            #expect(error?.line == 1)
            #expect((error?.column ?? 0) > 40, "\(bad): the column points into the string")
        }
    }

    @Test func reportsLineAndColumnOfSyntaxErrors() {
        #expect(throws: JSONError.self) { try JSONReader.parse("{\n  \"a\": ,\n}") }
        do {
            _ = try JSONReader.parse("{\n  \"a\": ,\n}")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func refusesExcessiveNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSONReader.parse(deep) }
    }

    @Test func escapesControlCharacters() {
        #expect(Value.string("a\"b\n\u{01}").jsonText == #""a\"b\n\u0001""#)
    }

    /// The writer looks for bytes to escape eight at a time (a text shorter than a word as one word,
    /// a longer one's last word overlapping the one before): every such byte, at every position of
    /// strings of every length up to two words and more, beside bytes just outside the escaped
    /// ranges, must be found.
    @Test func findsEveryByteToEscapeAtEveryPosition() throws {
        let escaped: [(UInt8, String)] = [(0, #"\u0000"#), (9, #"\t"#), (10, #"\n"#), (0x1F, #"\u001f"#),
                                          (0x22, #"\""#), (0x5C, #"\\"#)]
        // Neighbours of the escaped bytes, and bytes whose high bit is set (in a valid UTF-8 "é").
        let plain = " !#[]~é"
        for length in Array(0...17) + [31] {
            let filler = String((0..<length).map { plain[plain.index(plain.startIndex, offsetBy: $0 % plain.count)] })
            #expect(Value.string(filler).jsonText == "\"" + filler + "\"")
            for position in 0...filler.count {
                for (byte, escape) in escaped {
                    let cut = filler.index(filler.startIndex, offsetBy: position)
                    let text = String(filler[..<cut]) + String(UnicodeScalar(byte)) + String(filler[cut...])
                    let written = Value.string(text).jsonText
                    #expect(written == "\"" + String(filler[..<cut]) + escape + String(filler[cut...]) + "\"", "byte \(byte) at \(position) of \(length)")
                    #expect(try JSONReader.parse(written) == Value.string(text))
                }
            }
        }
    }

    /// Strings of 4 to 16 bytes are checked and stored as two words that may overlap: every byte
    /// must land in its place (distinct letters show a misplaced word), and nothing written before
    /// or after one string may be touched by the next.
    @Test func copiesShortStringsByteForByte() {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let strings = (0...20).map { String(letters[..<$0]) } + (0...20).map { String(letters[(26 - $0)...]) }
        let written = Value.array(strings.map(Value.string)).jsonText
        #expect(written == "[" + strings.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]")
        // The same text where an escape follows the short string's bytes in the buffer.
        for length in 4...16 {
            let text = String(letters[..<length])
            #expect(Value.array([.string(text), .string("\n")]).jsonText == "[\"\(text)\",\"\\n\"]")
        }
    }

    @Test func writesEightHexDigitsAtOnceAsOneAtATimeWould() {
        var words: [UInt32] = [0, 1, 9, 10, 15, 16, 0x0123_4567, 0x89AB_CDEF, 0xFEDC_BA98, 0xFFFF_FFFF, 0x9A9A_A9A9]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { words.append(UInt32.random(in: .min ... .max, using: &generator)) }
        for word in words {
            let digits = withUnsafeBytes(of: Hex.eightDigits(word).littleEndian) { String(decoding: $0, as: UTF8.self) }
            let expected = String(repeating: "0", count: 8 - String(word, radix: 16).count) + String(word, radix: 16)
            #expect(digits == expected, "\(word)")
        }
    }

    @Test func growsPastItsFirstBufferAndLendsItsBytes() {
        var writer = JSONWriter(capacity: 1)
        let long = String(repeating: "word ", count: 300)
        writer.write(.array([.string(long), .int(-9_223_372_036_854_775_807), .int(1_000_000), .double(0.5)]))
        let expected = "[\"" + long + "\",-9223372036854775807,1000000,0.5]"
        #expect(writer.text == expected)
        #expect(writer.bytes == Array(expected.utf8))
        #expect(writer.withBytes { $0.count } == expected.utf8.count)
    }
}

@Suite struct ValueOrderTests {
    @Test func ordersTypesAsRego() {
        let ordered: [Value] = [.null, false, true, 1, 2.5, "a", "b", [1], .emptyObject, .emptySet]
        for i in 1..<ordered.count { #expect(Value.compare(ordered[i - 1], ordered[i]) < 0) }
    }

    @Test func integerAndDoubleCompareByValue() {
        #expect(Value.int(1) == Value.double(1.0))
    }

    @Test func setsAreSortedAndUnique() {
        let s = RegoSet([3, 1, 2, 1])
        #expect(s.elements == [1, 2, 3])
        #expect(Value.set(s).regoText == "{1, 2, 3}")
    }

    @Test func objectLaterKeyWins() {
        let o = RegoObject([(Value.string("a"), Value.int(1)), (Value.string("a"), Value.int(2))])
        #expect(o["a"] == 2)
        #expect(o.count == 1)
    }
}

@Suite struct DirectJSONReaderTests {
    func direct(_ text: String) -> Value? {
        var text = text
        return text.withUTF8 { DirectJSONReader.read($0) }
    }

    func jansson(_ text: String) -> Value? {
        var text = text
        return text.withUTF8 { try? JSONReader.parseWithJansson(bytes: $0) }
    }

    @Test func readsPlainDocumentsLikeJansson() throws {
        let documents = [
            #"{"b": [1, 2.5, "x", null, true, false], "a": {}, "c": []}"#,
            #" { "z" : -0 , "y" : 0.0, "x": -12.5e-3, "w": 1E3, "v": 9007199254740993.0 } "#,
            #"[123456789012345678, -123456789012345678, 0, -1]"#,
            #"{"k": "caf\u00e9 \ud83d\ude00 \" \\ \/ \b\f\n\r\t", "é": "ü€😀"}"#,
            #"{"a": 1, "a": 2, "b": {"a": [{"d": 1, "c": 2}]}}"#,
            #""just a string""#, "42", "true", "null", "[]", "{}",
            "{\"nul\": \"a\\u0000b\"}",
        ]
        for text in documents {
            let d = try #require(direct(text), "\(text)")
            let j = try #require(jansson(text), "\(text)")
            #expect(d == j, "\(text)")
            #expect(d.jsonText == j.jsonText, "\(text)")
        }
    }

    @Test func leavesEverythingElseToJansson() {
        let documents = [
            "", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul",
            "[1] x", "\"a\nb\"", #""\x""#, #""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#,
            "123456789012345678901234567890", "1e400", "{\"a\\u0000\": 1}", "\u{FEFF}{}",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for text in documents {
            #expect(direct(text) == nil, "\(text)")
        }
        let invalidUTF8: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(invalidUTF8.withUnsafeBufferPointer { DirectJSONReader.read($0) } == nil)
    }
}
