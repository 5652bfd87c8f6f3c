import Testing
@testable import RegoEngine
import RegoValue

@Suite struct JSONBuiltinsTests {
    let numbers: Value = [1234567890, 2000000, 1000000000]

    @Test func isValid() throws {
        #expect(try callBuiltin("json.is_valid", "plainstring") == false)
        #expect(try callBuiltin("json.is_valid", "{") == false)
        #expect(try callBuiltin("json.is_valid", "{\"json\": \"ok\"}") == true)
        #expect(try callBuiltin("json.is_valid", 1) == false)
        #expect(try callBuiltin("json.is_valid", "null") == true)
        #expect(try callBuiltin("yaml.is_valid", "foo:\n   - qux: bar\n   - baz: 2") == true)
        #expect(try callBuiltin("yaml.is_valid", "foo:\n   - qux: bar\n   - baz: {") == false)
        #expect(try callBuiltin("yaml.is_valid", "{\"json\": \"ok\"}") == true)
        #expect(try callBuiltin("yaml.is_valid", 1) == false)
    }

    @Test func marshalWithOptions() throws {
        #expect(try callBuiltin("json.marshal_with_options", numbers, ["indent": "  "]) == "[\n  1234567890,\n  2000000,\n  1000000000\n]")
        #expect(try callBuiltin("json.marshal_with_options", numbers, [:]) == "[1234567890,2000000,1000000000]")
        #expect(try callBuiltin("json.marshal_with_options", numbers, ["pretty": true]) == "[\n\t1234567890,\n\t2000000,\n\t1000000000\n]")
        #expect(try callBuiltin("json.marshal_with_options", numbers, ["pretty": false, "prefix": "NO!", "indent": "BAD!"])
            == "[1234567890,2000000,1000000000]")
        #expect(try callBuiltin("json.marshal_with_options", numbers, ["prefix": "JSON => "])
            == "JSON => [\nJSON => \t1234567890,\nJSON => \t2000000,\nJSON => \t1000000000\nJSON => ]")
        #expect(try callBuiltin("json.marshal_with_options", ["foo": "bar", "bar": "baz"], ["prefix": "JSON => "])
            == "JSON => {\nJSON => \t\"bar\": \"baz\",\nJSON => \t\"foo\": \"bar\"\nJSON => }")
        #expect(try callBuiltin("json.marshal_with_options", [], ["indent": "    ", "prefix": "---"]) == "---[]")
        #expect(try callBuiltin("json.marshal_with_options", ["<": "&"], ["pretty": true]) == "{\n\t\"\\u003c\": \"\\u0026\"\n}")
        #expect(try callBuiltin("json.marshal_with_options", [[[]]], ["indent": " "]) == "[\n [\n  []\n ]\n]")
        let error = builtinError("json.marshal_with_options", [], ["indent": "    ", "include_winning_lottery_numbers": true])
        #expect(error?.kind == .type)
        #expect(error?.message.hasSuffix("object contained unknown key \"include_winning_lottery_numbers\"") == true)
    }

    @Test func marshalEscapesLikeGo() throws {
        #expect(try callBuiltin("json.marshal", ["a": [1, "<b>&"]]) == "{\"a\":[1,\"\\u003cb\\u003e\\u0026\"]}")
        #expect(try callBuiltin("json.marshal", .set(RegoSet([2, 1]))) == "[1,2]")
    }

    @Test func unmarshal() throws {
        #expect(try callBuiltin("json.unmarshal", "{\"a\": [1, 2.5, null, true]}") == ["a": [1, 2.5, .null, true]])
        #expect(builtinError("json.unmarshal", "{")?.kind == .builtin)
    }

    @Test func yamlUnmarshalConvertsScalars() throws {
        #expect(try callBuiltin("yaml.unmarshal", "foo:\n   - qux: bar\n   - baz: 2") == ["foo": [["qux": "bar"], ["baz": 2]]])
        #expect(try callBuiltin("yaml.unmarshal", "a: yes\nb: '1'\nc: 1.5\nd: ~\n1: x") == ["a": true, "b": "1", "c": 1.5, "d": .null, "1": "x"])
        #expect(try callBuiltin("yaml.unmarshal", "") == .null)
    }

    @Test func yamlMarshalBlockLayout() throws {
        #expect(try callBuiltin("yaml.marshal", ["foo": [1, 2]]) == "foo:\n- 1\n- 2\n")
        #expect(try callBuiltin("yaml.marshal", ["a": ["b": "true", "c": [["x": 1, "y": 2]]], "e": [:]])
            == "a:\n  b: \"true\"\n  c:\n  - x: 1\n    \"y\": 2\ne: {}\n")
        #expect(try callBuiltin("yaml.marshal", [[1, 2], "- x"]) == "- - 1\n  - 2\n- '- x'\n")
        #expect(try callBuiltin("yaml.marshal", "hello") == "hello\n")
    }
}
