import Testing
@testable import RegoEngine
import RegoValue

private func invoke(_ name: String, _ args: Value...) throws -> Value? {
    let context = SimpleBuiltinContext()
    return try withExtendedLifetime(context) {
        let builtin = try #require(BuiltinRegistry.standard[name])
        return try builtin.body(Arguments(args, context: context))
    }
}

private func failure(_ name: String, _ args: Value...) -> BuiltinError? {
    let context = SimpleBuiltinContext()
    return withExtendedLifetime(context) { () -> BuiltinError? in
        guard let builtin = BuiltinRegistry.standard[name] else { return nil }
        do { _ = try builtin.body(Arguments(args, context: context)); return nil } catch { return error as? BuiltinError }
    }
}

@Suite struct EncodingBuiltinsTests {
    @Test func base64RoundTrips() throws {
        #expect(try invoke("base64.encode", "hello") == "aGVsbG8=")
        #expect(try invoke("base64.encode", "there") == "dGhlcmU=")
        #expect(try invoke("base64.encode", "subjects?_d") == "c3ViamVjdHM/X2Q=")
        #expect(try invoke("base64.decode", "aGVsbG8=") == "hello")
        #expect(try invoke("base64.decode", "c3ViamVjdHM/X2Q=") == "subjects?_d")
        #expect(try invoke("base64.is_valid", "aGVsbG8=") == true)
        #expect(try invoke("base64.is_valid", "{'not':'base64'}") == false)
        #expect(try invoke("base64.is_valid", "aGVsbG8") == false)
        #expect(failure("base64.decode", "aGVsbG8")?.kind == .builtin)
    }

    @Test func base64URL() throws {
        #expect(try invoke("base64url.encode", "hello") == "aGVsbG8=")
        #expect(try invoke("base64url.encode_no_pad", "hello") == "aGVsbG8")
        #expect(try invoke("base64url.encode_no_pad", "there") == "dGhlcmU")
        #expect(try invoke("base64url.encode", "subjects?_d") == "c3ViamVjdHM_X2Q=")
        #expect(try invoke("base64url.decode", "c3ViamVjdHM_X2Q") == "subjects?_d")
        #expect(try invoke("base64url.decode", "aGVsbG8") == "hello")
    }

    @Test func hex() throws {
        #expect(try invoke("hex.encode", "lorem ipsum") == "6c6f72656d20697073756d")
        #expect(try invoke("hex.decode", "6c6f72656d20697073756d") == "lorem ipsum")
        let error = failure("hex.decode", "fghijkl")
        #expect(error?.kind == .builtin)
        #expect(error?.message.hasSuffix("invalid byte: U+0067 'g'") == true)
    }

    @Test func urlQuery() throws {
        #expect(try invoke("urlquery.encode", "a=b+1") == "a%3Db%2B1")
        #expect(try invoke("urlquery.encode", "") == "")
        #expect(try invoke("urlquery.decode", "a%3Db%2B1") == "a=b+1")
        #expect(try invoke("urlquery.encode_object", ["a": ["b+1", "c+2"]]) == "a=b%2B1&a=c%2B2")
        #expect(try invoke("urlquery.encode_object", ["a": .set(RegoSet(["b+1"]))]) == "a=b%2B1")
        #expect(try invoke("urlquery.decode_object", "a=value_a1&b=value_b&a=value_a2") == ["a": ["value_a1", "value_a2"], "b": ["value_b"]])
        #expect(try invoke("urlquery.decode_object", "a=value_a1&b") == ["a": ["value_a1"], "b": [""]])
        #expect(try invoke("urlquery.decode_object", "") == [:])
        #expect(failure("urlquery.decode", "%zz")?.kind == .builtin)
    }
}
