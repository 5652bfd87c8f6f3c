import Testing
@testable import RegoEngine
import RegoValue

@Suite struct EncodingBuiltinsTests {
    @Test func base64RoundTrips() throws {
        #expect(try callBuiltin("base64.encode", "hello") == "aGVsbG8=")
        #expect(try callBuiltin("base64.encode", "there") == "dGhlcmU=")
        #expect(try callBuiltin("base64.encode", "subjects?_d") == "c3ViamVjdHM/X2Q=")
        #expect(try callBuiltin("base64.decode", "aGVsbG8=") == "hello")
        #expect(try callBuiltin("base64.decode", "c3ViamVjdHM/X2Q=") == "subjects?_d")
        #expect(try callBuiltin("base64.is_valid", "aGVsbG8=") == true)
        #expect(try callBuiltin("base64.is_valid", "{'not':'base64'}") == false)
        #expect(try callBuiltin("base64.is_valid", "aGVsbG8") == false)
        #expect(builtinError("base64.decode", "aGVsbG8")?.kind == .builtin)
    }

    @Test func base64URL() throws {
        #expect(try callBuiltin("base64url.encode", "hello") == "aGVsbG8=")
        #expect(try callBuiltin("base64url.encode_no_pad", "hello") == "aGVsbG8")
        #expect(try callBuiltin("base64url.encode_no_pad", "there") == "dGhlcmU")
        #expect(try callBuiltin("base64url.encode", "subjects?_d") == "c3ViamVjdHM_X2Q=")
        #expect(try callBuiltin("base64url.decode", "c3ViamVjdHM_X2Q") == "subjects?_d")
        #expect(try callBuiltin("base64url.decode", "aGVsbG8") == "hello")
    }

    @Test func hex() throws {
        #expect(try callBuiltin("hex.encode", "lorem ipsum") == "6c6f72656d20697073756d")
        #expect(try callBuiltin("hex.decode", "6c6f72656d20697073756d") == "lorem ipsum")
        let error = builtinError("hex.decode", "fghijkl")
        #expect(error?.kind == .builtin)
        #expect(error?.message.hasSuffix("invalid byte: U+0067 'g'") == true)
    }

    @Test func urlQuery() throws {
        #expect(try callBuiltin("urlquery.encode", "a=b+1") == "a%3Db%2B1")
        #expect(try callBuiltin("urlquery.encode", "") == "")
        #expect(try callBuiltin("urlquery.decode", "a%3Db%2B1") == "a=b+1")
        #expect(try callBuiltin("urlquery.encode_object", ["a": ["b+1", "c+2"]]) == "a=b%2B1&a=c%2B2")
        #expect(try callBuiltin("urlquery.encode_object", ["a": .set(RegoSet(["b+1"]))]) == "a=b%2B1")
        #expect(try callBuiltin("urlquery.decode_object", "a=value_a1&b=value_b&a=value_a2") == ["a": ["value_a1", "value_a2"], "b": ["value_b"]])
        #expect(try callBuiltin("urlquery.decode_object", "a=value_a1&b") == ["a": ["value_a1"], "b": [""]])
        #expect(try callBuiltin("urlquery.decode_object", "") == [:])
        #expect(builtinError("urlquery.decode", "%zz")?.kind == .builtin)
    }
}
