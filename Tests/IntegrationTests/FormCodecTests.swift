import Integration
import RegoValue
import Testing

@Suite struct FormCodecTests {
    @Test func pairsBecomeStringFields() throws {
        #expect(try FormCodec.parse("name=Ada&role=admin") == ["name": "Ada", "role": "admin"])
        #expect(try FormCodec.parse("") == [:])
    }

    @Test func plusIsSpaceAndPercentEscapesDecode() throws {
        #expect(try FormCodec.parse("q=J%C3%BCrgen+M%2b1&a%3Db=%26") == ["q": "Jürgen M+1", "a=b": "&"])
    }

    @Test func repeatedKeyCollectsValuesInOrder() throws {
        #expect(try FormCodec.parse("tag=b&x=1&tag=a&tag=") == ["tag": ["b", "a", ""], "x": "1"])
    }

    @Test func keyWithoutEqualsIsEmptyAndEmptyPairsAreSkipped() throws {
        #expect(try FormCodec.parse("flag&&a=1&") == ["flag": "", "a": "1"])
        #expect(try FormCodec.parse("a==b") == ["a": "=b"])
    }

    @Test func badPercentEscapeFailsAtItsColumn() {
        for (text, column) in [("a=1&b=%zz", 7), ("a=%4", 3), ("ok=1&%", 6)] {
            let error = #expect(throws: CodecError.self) { try FormCodec.parse(text) }
            #expect(error?.format == "form")
            #expect(error?.line == 1)
            #expect(error?.column == column)
        }
    }

    @Test func decodedBytesMustBeUTF8() {
        let error = #expect(throws: CodecError.self) { try FormCodec.parse("a=1&b=x%C3%28") }
        #expect(error?.column == 8)
    }

    @Test func fieldLimitIsEnforced() {
        let error = #expect(throws: CodecError.self) { try FormCodec.parse("a=1&b=2&c=3", maxFields: 2) }
        #expect(error?.column == 9)
    }

    @Test func serializeEncodesFlatObjects() throws {
        let value: Value = ["name": "Jürgen M", "tags": ["a&b", 2], "ok": true, "none": .null]
        #expect(try FormCodec.serialize(value) == "name=J%C3%BCrgen+M&none=&ok=true&tags=a%26b&tags=2")
        #expect(try FormCodec.parse(FormCodec.serialize(["a": ["x y", "z"], "b": "~*.-_"])) == ["a": ["x y", "z"], "b": "~*.-_"])
    }

    @Test func serializeRejectsNestedValues() {
        for value: Value in [["a": ["b": 1]], ["a": [[1]]], "text"] {
            let error = #expect(throws: CodecError.self) { try FormCodec.serialize(value) }
            #expect(error?.format == "form")
        }
    }
}
