import Integration
import RegoValue
import Testing

@Suite struct XMLCodecTests {
    /// The error `XMLCodec.parse` throws for `text`, if any.
    func parseError(_ text: String, maxDepth: Int = 512) -> CodecError? {
        #expect(throws: CodecError.self) { try XMLCodec.parse(text, maxDepth: maxDepth) }
    }

    @Test func leafElementBecomesItsText() throws {
        #expect(try XMLCodec.parse("<name> Ada </name>") == ["name": " Ada "])
        #expect(try XMLCodec.parse("<empty/>") == ["empty": ""])
        #expect(try XMLCodec.parse("<empty></empty>") == ["empty": ""])
    }

    @Test func textStaysTextEvenWhenNumeric() throws {
        #expect(try XMLCodec.parse("<order><total>12.50</total><paid>true</paid></order>")
            == ["order": ["total": "12.50", "paid": "true"]])
    }

    @Test func attributesBecomeAtKeys() throws {
        let value = try XMLCodec.parse(#"<order id="7" status='open'><item sku="a1"/></order>"#)
        #expect(value == ["order": ["@id": "7", "@status": "open", "item": ["@sku": "a1"]]])
    }

    @Test func repeatedSiblingsBecomeAnArrayInDocumentOrder() throws {
        let value = try XMLCodec.parse("<list><n>3</n><other>x</other><n>1</n><n>2</n></list>")
        #expect(value == ["list": ["n": ["3", "1", "2"], "other": "x"]])
    }

    @Test func textBesideAttributesOrChildrenIsHashText() throws {
        #expect(try XMLCodec.parse(#"<price currency="EUR">12</price>"#) == ["price": ["@currency": "EUR", "#text": "12"]])
        #expect(try XMLCodec.parse("<p>\n  Hello <b>big</b> world\n</p>") == ["p": ["b": "big", "#text": "Hello  world"]])
        #expect(try XMLCodec.parse("<p>\n  <b>x</b>\n</p>") == ["p": ["b": "x"]])
    }

    @Test func cdataIsLiteralText() throws {
        #expect(try XMLCodec.parse("<s><![CDATA[a < b && <c>]]></s>") == ["s": "a < b && <c>"])
        #expect(try XMLCodec.parse("<s>x<![CDATA[]]>y</s>") == ["s": "xy"])
    }

    @Test func predefinedEntitiesAndCharacterReferencesDecode() throws {
        #expect(try XMLCodec.parse("<t>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;</t>") == ["t": "<>&\"'AB😀"])
        #expect(try XMLCodec.parse(#"<t a="x&amp;y&#10;z"/>"#) == ["t": ["@a": "x&y\nz"]])
    }

    @Test func attributeWhitespaceIsNormalizedAndLineEndsAreLF() throws {
        #expect(try XMLCodec.parse("<t a=\"x\ty\r\nz\"/>") == ["t": ["@a": "x y z"]])
        #expect(try XMLCodec.parse("<t>a\r\nb\rc</t>") == ["t": "a\nb\nc"])
    }

    @Test func namespacesKeepQualifiedNames() throws {
        let text = #"<ns:order xmlns:ns="urn:x" xmlns="urn:d"><ns:line>1</ns:line></ns:order>"#
        #expect(try XMLCodec.parse(text) == ["ns:order": ["@xmlns:ns": "urn:x", "@xmlns": "urn:d", "ns:line": "1"]])
    }

    @Test func declarationCommentsAndProcessingInstructionsAreSkipped() throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><?pi x?>\n<a>1<!-- in -->2<?p?></a>\n<!-- after -->\n"
        #expect(try XMLCodec.parse(text) == ["a": "12"])
    }

    @Test func mismatchedEndTagPointsAtItsName() {
        let error = parseError("<a>\n  <b>x</c>\n</a>")
        #expect(error?.format == "xml")
        #expect(error?.line == 2)
        #expect(error?.column == 9)
    }

    @Test func unclosedElementFailsAtEndOfDocument() {
        let error = parseError("<a>\n<b>")
        #expect(error?.line == 2)
        #expect(error?.column == 4)
    }

    @Test func badAttributeSyntaxPointsAtTheOffendingCharacter() {
        let unquoted = parseError("<a x=1/>")
        #expect(unquoted?.line == 1)
        #expect(unquoted?.column == 6)
        let noEquals = parseError("<a\n   x/>")
        #expect(noEquals?.line == 2)
        #expect(noEquals?.column == 5)
        let unspaced = parseError(#"<a x="1"y="2"/>"#)
        #expect(unspaced?.column == 9)
        let lessThan = parseError(#"<a x="<"/>"#)
        #expect(lessThan?.column == 7)
    }

    @Test func duplicateAttributeIsAnError() {
        let error = parseError(#"<a x="1" y="2" x="3"/>"#)
        #expect(error?.line == 1)
        #expect(error?.column == 16)
    }

    @Test func textOrSecondElementAfterRootIsAnError() {
        let text = parseError("<a/>\n  junk")
        #expect(text?.line == 2)
        #expect(text?.column == 3)
        let second = parseError("<a/><b/>")
        #expect(second?.column == 5)
    }

    @Test func missingRootIsAnError() {
        let empty = parseError("  <!-- only -->\n")
        #expect(empty?.line == 2)
        #expect(empty?.column == 1)
        let text = parseError("hello")
        #expect(text?.column == 1)
        #expect(parseError("\u{FEFF}hello")?.column == 1)
    }

    @Test func doctypeIsRejected() {
        let error = parseError("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<a>&x;</a>")
        #expect(error?.format == "xml")
        #expect(error?.line == 2)
        #expect(error?.column == 1)
    }

    @Test func unknownOrMalformedEntityIsAnError() {
        let unknown = parseError("<a>\n x &nbsp;</a>")
        #expect(unknown?.line == 2)
        #expect(unknown?.column == 4)
        let bare = parseError("<a>fish & chips</a>")
        #expect(bare?.column == 9)
        let illegal = parseError("<a>&#0;</a>")
        #expect(illegal?.column == 4)
    }

    @Test func unterminatedConstructsPointAtTheirStart() {
        #expect(parseError("<a><![CDATA[x</a>")?.column == 4)
        #expect(parseError("<a><!-- x</a>")?.column == 4)
        #expect(parseError("<a t=\"x/>")?.column == 6)
        #expect(parseError("<a><?xml version=\"1.0\"?></a>")?.column == 4)
    }

    @Test func depthLimitIsEnforced() throws {
        let nested = String(repeating: "<a>", count: 4) + String(repeating: "</a>", count: 4)
        #expect(try XMLCodec.parse(nested, maxDepth: 4) == ["a": ["a": ["a": ["a": ""]]]])
        let error = parseError(nested, maxDepth: 3)
        #expect(error?.line == 1)
        #expect(error?.column == 10)
        // Far deeper than any call stack: the parser keeps open elements on its own stack.
        #expect(parseError(String(repeating: "<a>", count: 100_000))?.column == 1 + 3 * 512)
    }

    @Test func serializeWritesDeclarationAttributesAndRepeatedChildren() throws {
        let value: Value = ["order": ["@id": 7, "item": ["a", "b"], "note": .null, "paid": true]]
        let text = try XMLCodec.serialize(value)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <order id="7">
              <item>a</item>
              <item>b</item>
              <note/>
              <paid>true</paid>
            </order>

            """)
    }

    @Test func serializeWrapsOtherValuesInTheRootName() throws {
        #expect(try XMLCodec.serialize(["a": 1, "b": "x"]) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<result>\n  <a>1</a>\n  <b>x</b>\n</result>\n")
        #expect(try XMLCodec.serialize([1, [2, 3]], rootName: "list")
            == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<list>\n  <item>1</item>\n  <item>\n    <item>2</item>\n    <item>3</item>\n  </item>\n</list>\n")
        #expect(try XMLCodec.serialize("x") == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<result>x</result>\n")
    }

    @Test func serializeEscapesMarkupCharacters() throws {
        let text = try XMLCodec.serialize(["t": ["@q": "a\"b'c\td", "#text": "<&>\rx"]])
        #expect(text.hasSuffix("<t q=\"a&quot;b&apos;c&#9;d\">&lt;&amp;&gt;&#13;x</t>\n"))
        #expect(try XMLCodec.parse(text) == ["t": ["@q": "a\"b'c\td", "#text": "<&>\rx"]])
    }

    @Test func serializeRejectsKeysThatAreNotXMLNames() {
        #expect(throws: CodecError.self) { try XMLCodec.serialize(["root": ["bad key": "x"]]) }
        #expect(throws: CodecError.self) { try XMLCodec.serialize(["root": ["@1x": "x"]]) }
        #expect(throws: CodecError.self) { try XMLCodec.serialize(["root": ["@a": ["x"]]]) }
        #expect(throws: CodecError.self) { try XMLCodec.serialize(["root": "\u{1}"]) }
        #expect(throws: CodecError.self) { try XMLCodec.serialize(1, rootName: "not a name") }
        let error = #expect(throws: CodecError.self) { try XMLCodec.serialize(["root": ["9": "x"]]) }
        #expect(error?.format == "xml")
        #expect(error?.line == 0)
    }

    static let documents = [
        #"<order id="7"><item sku="a">2</item><item sku="b">1</item><note>fragile &amp; heavy</note></order>"#,
        "<?xml version=\"1.0\"?>\n<p class=\"x\">\n  Hello <b>big</b> world <i>!</i>\n  <b>again</b>\n</p>",
        #"<ns:feed xmlns:ns="urn:feed"><ns:entry><![CDATA[<raw>]]></ns:entry><ns:entry/><empty></empty></ns:feed>"#,
        "<a><b><c><d t=\"\t1\r\n\">deep\r\ntext</d></c></b><b>  spaced  </b></a>",
        "<x>&#x1F600; &lt;emoji&gt; &#13;</x>",
        "<list><item><item>1</item><item>2</item></item><item/></list>",
    ]

    @Test(arguments: documents)
    func parsingWrittenDocumentGivesTheSameValue(document: String) throws {
        let value = try XMLCodec.parse(document)
        #expect(try XMLCodec.parse(XMLCodec.serialize(value)) == value)
    }

    static let values: [Value] = [
        ["root": ""],
        ["root": ["@a": "1", "@b": "", "child": "x", "many": ["1", "2", ""]]],
        ["order": ["@id": "7", "#text": "text & <stuff>", "line": [["@n": "1", "#text": "a"], ["@n": "2"]]]],
        ["doc": ["p": ["  keep spaces  ", "tab\there", "line\nbreak", "cr\rhere"], "q:name": ["@xmlns:q": "urn:q", "r": "ü 😀"]]],
        ["a": ["b": ["c": ["d": ["e": "deep"]]]]],
    ]

    @Test(arguments: values)
    func parsingSerializedValueGivesItBack(value: Value) throws {
        #expect(try XMLCodec.parse(XMLCodec.serialize(value)) == value)
    }
}
