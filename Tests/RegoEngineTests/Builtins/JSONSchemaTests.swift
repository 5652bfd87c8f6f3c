import Testing
@testable import RegoEngine
import RegoValue

/// `json.verify_schema` and `json.match_schema`.
@Suite struct JSONSchemaTests {
    static let schema: Value = [
        "type": "object",
        "required": ["user", "action"],
        "additionalProperties": false,
        "properties": [
            "user": ["type": "string", "minLength": 3, "pattern": "^[a-z]+$"],
            "action": ["enum": ["read", "write"]],
            "amount": ["type": "number", "minimum": 0, "exclusiveMaximum": 100],
            "tags": ["type": "array", "items": ["type": "string"], "maxItems": 2, "uniqueItems": true],
            "owner": ["$ref": "#/definitions/person"],
        ],
        "definitions": ["person": ["type": "object", "required": ["name"]]],
    ]

    /// The errors of a match, as (field, type, description).
    static func errors(_ document: Value, _ schema: Value = schema) throws -> [(String, String, String)] {
        let result = try #require(try callBuiltin("json.match_schema", document, schema))
        guard case .array(let errors)? = result[.int(1)] else { return [] }
        return errors.map { ($0[.string("field")]?.stringValue ?? "", $0[.string("type")]?.stringValue ?? "", $0[.string("desc")]?.stringValue ?? "") }
    }

    @Test func aMatchingDocumentHasNoErrors() throws {
        let document: Value = ["user": "alice", "action": "read", "amount": 99.5, "tags": ["a", "b"], "owner": ["name": "bob"]]
        #expect(try callBuiltin("json.match_schema", document, Self.schema) == .array([true, .array([])]))
        // Document and schema may be JSON text.
        #expect(try callBuiltin("json.match_schema", #"{"user": "alice", "action": "write"}"#, .string(Self.schema.jsonText))?[.int(0)] == true)
    }

    @Test func eachKeywordReportsWhereAndWhat() throws {
        let found = try Self.errors(["user": "Al", "action": "delete", "amount": 100, "tags": ["a", "a", "b"], "owner": [:], "extra": 1])
        let expected: [(String, String, String)] = [
            ("(root)", "additional_property_not_allowed", "Additional property extra is not allowed"),
            ("user", "string_gte", "String length must be greater than or equal to 3"),
            ("user", "pattern", "Does not match pattern '^[a-z]+$'"),
            ("action", "enum", #"action must be one of the following: "read", "write""#),
            ("amount", "number_lt", "Must be less than 100"),
            ("tags", "array_max_items", "Array must have at most 2 items"),
            ("tags", "unique", "array items[0,1] must be unique"),
            ("owner", "required", "name is required"),
        ]
        for item in expected {
            #expect(found.contains { $0 == item }, "\(item)")
        }
        #expect(found.count == expected.count, "\(found)")
        let missing = try Self.errors(["user": "alice"])
        #expect(missing.map(\.2) == ["action is required"])
        let wrongType = try Self.errors(["user": 5, "action": "read"])
        #expect(wrongType.first.map { [$0.0, $0.1, $0.2] } == ["user", "invalid_type", "Invalid type. Expected: string, given: integer"])
    }

    @Test func combinationsAreReported() throws {
        let schema: Value = ["anyOf": [["type": "string"], ["type": "boolean"]]]
        #expect(try Self.errors(3, schema).map(\.1) == ["number_any_of"])
        let one: Value = ["oneOf": [["type": "number"], ["type": "integer"]]]
        #expect(try Self.errors(3, one).map(\.1) == ["number_one_of"])
        #expect(try Self.errors(3.5, one).isEmpty)
    }

    @Test func verifySchemaNamesWhatIsWrong() throws {
        #expect(try callBuiltin("json.verify_schema", Self.schema) == .array([true, .null]))
        let bad = try callBuiltin("json.verify_schema", ["type": "unknown"])
        #expect(bad == .array([false, "has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]"]))
        #expect(try callBuiltin("json.verify_schema", #"{"required": "id"}"#) == .array([false, "`required` must be an array of strings"]))
        #expect(builtinError("json.match_schema", [:], ["$ref": "#/definitions/none"])?.message == "schema reference #/definitions/none points at nothing in the schema")
    }
}
