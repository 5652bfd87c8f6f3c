import Integration
import RegoValue
import Testing

@Suite struct MediaTypeTests {
    @Test func contentTypeChoosesTheCodec() {
        #expect(MediaType.forContentType(nil) == .json)
        #expect(MediaType.forContentType("application/json; charset=utf-8") == .json)
        #expect(MediaType.forContentType("application/vnd.api+json") == .json)
        #expect(MediaType.forContentType(" Application/XML ") == .xml)
        #expect(MediaType.forContentType("text/xml;charset=ISO-8859-1") == .xml)
        #expect(MediaType.forContentType("application/atom+xml") == .xml)
        #expect(MediaType.forContentType("text/csv; header=present") == .csv)
        #expect(MediaType.forContentType("application/x-www-form-urlencoded") == .form)
        #expect(MediaType.forContentType("image/png") == nil)
        #expect(MediaType.forContentType("multipart/form-data; boundary=x") == nil)
    }

    @Test func missingOrWildcardAcceptMeansJSON() {
        #expect(MediaType.forAccept(nil) == .json)
        #expect(MediaType.forAccept("") == .json)
        #expect(MediaType.forAccept("*/*") == .json)
        #expect(MediaType.forAccept("application/*") == .json)
    }

    @Test func acceptRespectsQValues() {
        #expect(MediaType.forAccept("text/csv;q=0.5, application/json;q=0.9") == .json)
        #expect(MediaType.forAccept("application/json;q=0.2, application/xml") == .xml)
        #expect(MediaType.forAccept("text/html, text/csv;q=0.8, */*;q=0.1") == .csv)
        #expect(MediaType.forAccept("application/json;q=0, */*") == .xml)
        #expect(MediaType.forAccept("*/*;q=0.1, application/json;q=0") == .xml)
    }

    @Test func acceptTiesGoToTheRangeListedFirst() {
        #expect(MediaType.forAccept("application/xml, application/json") == .xml)
        #expect(MediaType.forAccept("text/csv, application/xml") == .csv)
        #expect(MediaType.forAccept("text/*") == .xml)
    }

    @Test func acceptWithNothingSupportedIsNil() {
        #expect(MediaType.forAccept("text/html, image/*") == nil)
        #expect(MediaType.forAccept("application/json;q=0") == nil)
        #expect(MediaType.forAccept("application/json;q=abc") == nil)
    }

    @Test func contentTypesNameTheCharset() {
        #expect(MediaType.xml.contentType == "application/xml; charset=utf-8")
        #expect(MediaType.csv.contentType == "text/csv; charset=utf-8")
        #expect(MediaType.json.contentType == "application/json")
        #expect(MediaType.form.contentType == "application/x-www-form-urlencoded")
    }

    @Test func decodeAndEncodeDispatchToTheCodecs() throws {
        #expect(try MediaType.json.decode(#"{"a": [1, true]}"#) == ["a": [1, true]])
        #expect(try MediaType.xml.decode("<a>1</a>") == ["a": "1"])
        #expect(try MediaType.csv.decode("a;b\n1;2", csv: CSVOptions(delimiter: UInt8(ascii: ";"))) == [["a": "1", "b": "2"]])
        #expect(try MediaType.form.decode(Array("a=1".utf8)) == ["a": "1"])
        #expect(try MediaType.json.decode([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
        #expect(try MediaType.json.encode(["a": 1]) == #"{"a":1}"#)
        #expect(try MediaType.xml.encode([1], xmlRoot: "list") == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<list>\n  <item>1</item>\n</list>\n")
        #expect(try MediaType.csv.encode([["a", "b"]], csv: CSVOptions(header: false)) == "a,b\r\n")
        #expect(try MediaType.form.encode(["a": "x y"]) == "a=x+y")
    }

    @Test func jsonErrorsKeepTheirPosition() {
        let error = #expect(throws: CodecError.self) { try MediaType.json.decode("{\n  \"a\": tru\n}") }
        #expect(error?.format == "json")
        #expect(error?.line == 2)
        #expect((error?.column ?? 0) > 0)
    }

    @Test func invalidUTF8BodyFailsAtTheBadByte() {
        let error = #expect(throws: CodecError.self) { try MediaType.xml.decode([0x3C, 0x61, 0x3E, 0x0A, 0x78, 0xFF, 0x3C]) }
        #expect(error?.format == "xml")
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }
}
