import Integration
import RegoValue
import Testing

@Suite struct CSVCodecTests {
    static let semicolon = CSVOptions(delimiter: UInt8(ascii: ";"))
    static let noHeader = CSVOptions(header: false)

    func parseError(_ text: String, options: CSVOptions = .init(), maxRows: Int = 1_000_000) -> CodecError? {
        #expect(throws: CodecError.self) { try CSVCodec.parse(text, options: options, maxRows: maxRows) }
    }

    @Test func headerRowKeysEachRow() throws {
        #expect(try CSVCodec.parse("id,name\r\n1,Ada\r\n2,Bob") == [["id": "1", "name": "Ada"], ["id": "2", "name": "Bob"]])
    }

    @Test func valuesStayStrings() throws {
        #expect(try CSVCodec.parse("n,b,e\n12,true,\n") == [["n": "12", "b": "true", "e": ""]])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws {
        let text = "a,b\n\"x, \"\"y\"\"\",\"multi\nline\"\n\"crlf\r\nkept\",\"\"\n"
        #expect(try CSVCodec.parse(text) == [["a": "x, \"y\"", "b": "multi\nline"], ["a": "crlf\r\nkept", "b": ""]])
    }

    @Test func lineEndingsMayBeCRLFOrLFWithOptionalTrailingBreak() throws {
        let expected: Value = [["a": "1"], ["a": "2"], ["a": "3"]]
        #expect(try CSVCodec.parse("a\r\n1\r\n2\r\n3\r\n") == expected)
        #expect(try CSVCodec.parse("a\n1\n2\n3") == expected)
        #expect(try CSVCodec.parse("a\r1\r2\n3\n") == expected)
    }

    @Test func byteOrderMarkAndEmptyLinesAreSkipped() throws {
        #expect(try CSVCodec.parse("\u{FEFF}a,b\n\n1,2\r\n\r\n") == [["a": "1", "b": "2"]])
        #expect(try CSVCodec.parse("") == [])
        #expect(try CSVCodec.parse("a,b\n") == [])
    }

    @Test func customDelimiterSplitsFields() throws {
        #expect(try CSVCodec.parse("a;b\n1;2,5\n\"x;y\";z\n", options: Self.semicolon)
            == [["a": "1", "b": "2,5"], ["a": "x;y", "b": "z"]])
    }

    @Test func withoutHeaderRowsAreArraysOfStrings() throws {
        #expect(try CSVCodec.parse("1,2\n3\n,\n", options: Self.noHeader) == [["1", "2"], ["3"], ["", ""]])
    }

    @Test func raggedRowFailsAtItsLine() {
        let extra = parseError("a,b\n1,2\n3,4,5\n")
        #expect(extra?.format == "csv")
        #expect(extra?.line == 3)
        #expect(extra?.column == 5)
        let missing = parseError("a,b\n1\n")
        #expect(missing?.line == 2)
        #expect(missing?.column == 2)
    }

    @Test func unterminatedQuotePointsAtTheOpeningQuote() {
        let error = parseError("a,b\n1,\"open\n2,3\n")
        #expect(error?.line == 2)
        #expect(error?.column == 3)
    }

    @Test func strayQuotesAreErrors() {
        let inside = parseError("a\nx\"y\n")
        #expect(inside?.line == 2)
        #expect(inside?.column == 2)
        let after = parseError("a\n\"x\"y\n")
        #expect(after?.line == 2)
        #expect(after?.column == 4)
    }

    @Test func headerNamesMustBeUniqueAndNonEmpty() {
        let repeated = parseError("id,name,id\n1,2,3\n")
        #expect(repeated?.line == 1)
        #expect(repeated?.column == 9)
        let empty = parseError("a,,b\n")
        #expect(empty?.column == 3)
    }

    @Test func rowLimitIsEnforced() throws {
        #expect(try CSVCodec.parse("a\n1\n2\n", maxRows: 2) == [["a": "1"], ["a": "2"]])
        let error = parseError("a\n1\n2\n3\n", maxRows: 2)
        #expect(error?.line == 4)
        #expect(error?.column == 1)
    }

    @Test func delimiterMustBeUsable() {
        let error = parseError("a", options: CSVOptions(delimiter: UInt8(ascii: "\"")))
        #expect(error?.line == 0)
        #expect(throws: CodecError.self) { try CSVCodec.serialize([["a"]], options: CSVOptions(delimiter: 10)) }
    }

    @Test func serializeWritesUnionOfKeysInFirstSeenOrder() throws {
        let rows: Value = [["b": 1, "a": "x"], ["c": true, "a": .null], ["d": 2.5]]
        #expect(try CSVCodec.serialize(rows) == "a,b,c,d\r\nx,1,,\r\n,,true,\r\n,,,2.5\r\n")
        #expect(try CSVCodec.serialize(rows, options: Self.noHeader) == "x,1,,\r\n,,true,\r\n,,,2.5\r\n")
    }

    @Test func serializeQuotesOnlyFieldsThatNeedIt() throws {
        let rows: Value = [["a,b", "say \"hi\"", "two\nlines", "cr\r", "plain; text"]]
        #expect(try CSVCodec.serialize(rows) == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",plain; text\r\n")
        #expect(try CSVCodec.serialize(rows, options: Self.semicolon) == "a,b;\"say \"\"hi\"\"\";\"two\nlines\";\"cr\r\";\"plain; text\"\r\n")
    }

    @Test func serializeWritesOneObjectAsOneRowAndNestedValuesAsJSON() throws {
        #expect(try CSVCodec.serialize(["id": 7, "tags": ["a", "b"]]) == "id,tags\r\n7,\"[\"\"a\"\",\"\"b\"\"]\"\r\n")
        #expect(try CSVCodec.serialize([[""], ["x"]]) == "\"\"\r\nx\r\n")
        #expect(try CSVCodec.serialize([]) == "")
    }

    @Test func serializeRejectsOtherShapes() {
        for value: Value in ["text", 3, [1, 2], [["a": 1], ["b"]]] {
            let error = #expect(throws: CodecError.self) { try CSVCodec.serialize(value) }
            #expect(error?.format == "csv")
            #expect(error?.line == 0)
        }
    }

    static let tables: [Value] = [
        [["id": "1", "name": "Ada, Countess"], ["id": "2", "name": "says \"hi\"\r\nand leaves"]],
        [["only": ""], ["only": "x"]],
        [["a": "ü", "b": "😀;,"]],
    ]

    @Test(arguments: tables)
    func parsingSerializedTableGivesItBack(table: Value) throws {
        #expect(try CSVCodec.parse(CSVCodec.serialize(table)) == table)
        #expect(try CSVCodec.parse(CSVCodec.serialize(table, options: Self.semicolon), options: Self.semicolon) == table)
    }
}
