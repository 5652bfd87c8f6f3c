import Integration
import RegoEngine
import RegoSyntax
import RegoValue
import Testing

@Suite struct CodecBuiltinsTests {
    static let policy = """
        package x

        order := tollgate.xml.parse(input.xml)
        order_id := order.order["@id"]
        rows := tollgate.csv.parse(input.csv)
        total := sum([to_number(r.amount) | some r in rows])
        xml := tollgate.xml.serialize({"receipt": {"@id": order_id, "total": total}})
        csv := tollgate.csv.serialize([{"id": order_id, "total": total}])
        """

    func evaluate(_ query: String, input: Value, strict: Bool = false) throws -> Value? {
        let policy = try PolicySet(modules: [RegoParser.parseModule(Self.policy, file: "x.rego")], builtins: .tollgate)
        let results = try PreparedQuery(query, policy: policy).evaluate(input: input, options: EvaluationOptions(strictBuiltinErrors: strict))
        return results.first?.expressions.first
    }

    static let input: Value = ["xml": #"<order id="A7"><line>1</line><line>2</line></order>"#, "csv": "sku,amount\r\na,2\r\nb,3.5\r\n"]

    @Test func policiesParseXMLAndCSV() throws {
        #expect(try evaluate("data.x.order", input: Self.input) == ["order": ["@id": "A7", "line": ["1", "2"]]])
        #expect(try evaluate("data.x.order_id", input: Self.input) == "A7")
        #expect(try evaluate("data.x.total", input: Self.input) == 5.5)
    }

    @Test func policiesSerializeXMLAndCSV() throws {
        #expect(try evaluate("data.x.xml", input: Self.input) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<receipt id=\"A7\">\n  <total>5.5</total>\n</receipt>\n")
        #expect(try evaluate("data.x.csv", input: Self.input) == "id,total\r\nA7,5.5\r\n")
    }

    @Test func codecErrorIsUndefinedUnlessStrict() throws {
        let bad: Value = ["xml": "<order>\n<line></order>", "csv": "sku\n"]
        #expect(try evaluate("data.x.order", input: bad) == nil)
        let error = #expect(throws: RegoError.self) { try evaluate("data.x.order", input: bad, strict: true) }
        #expect(error?.code == RegoError.evalBuiltin)
        #expect(error?.location?.line == 3)
    }

    @Test func registryAddsCodecBuiltinsToTheStandardOnes() {
        #expect(BuiltinRegistry.tollgate["tollgate.xml.parse"]?.category == "tollgate")
        #expect(BuiltinRegistry.tollgate["tollgate.csv.serialize"] != nil)
        #expect(BuiltinRegistry.tollgate["json.unmarshal"] != nil)
        #expect(BuiltinRegistry.tollgate.builtins.count == BuiltinRegistry.standard.builtins.count + 4)
        let error = #expect(throws: RegoErrors.self) {
            try PolicySet(modules: [RegoParser.parseModule(Self.policy, file: "x.rego")], builtins: .standard)
        }
        #expect(error?.errors.first?.code == RegoError.type)
    }
}
