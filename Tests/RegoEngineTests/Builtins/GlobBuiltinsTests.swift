import Testing
@testable import RegoEngine
import RegoValue

/// Expectations from the OPA conformance cases (globmatch, globquotemeta) and OPA's docs.
@Suite struct GlobBuiltinsTests {
    func glob(_ pattern: String, _ delimiters: Value, _ s: String) throws -> Value? {
        try callBuiltin("glob.match", .string(pattern), delimiters, .string(s))
    }

    @Test func delimiters() throws {
        #expect(try glob("*.github.com", ["."], "api.github.com") == true)
        #expect(try glob("api.**.com", ["."], "api.cdn.github.com") == true)
        #expect(try glob("*:github:com", [":"], "api:github:com") == true)
        #expect(try glob("*.github.com", ["."], "api.not-github.com") == false)
        #expect(try glob("*", ["."], "foo") == true)
        #expect(try glob("*", ["."], "foo.bar") == false)
        #expect(try glob("*", [], "foo.bar") == false)
        #expect(try glob("*.github.com", [], "api.cdn.github.com") == false)
        #expect(try glob("*hub.com", .null, "api.cdn.github.com") == true)
        #expect(try glob("?at", ["f"], "bat") == true)
        #expect(try glob("?at", ["f"], "fat") == false)
    }

    @Test func characterClassesAndAlternatives() throws {
        #expect(try glob("[abc]at", [], "cat") == true)
        #expect(try glob("[abc]at", [], "fat") == false)
        #expect(try glob("[!abc]at", [], "fat") == true)
        #expect(try glob("[!abc]at", [], "cat") == false)
        #expect(try glob("[a-c]at", [], "bat") == true)
        #expect(try glob("[!a-c]at", [], "fat") == true)
        #expect(try glob("?at", [], "fat") == true)
        #expect(try glob("{cat,bat,[fr]at}", [], "cat") == true)
        #expect(try glob("{cat,bat,[fr]at}", [], "fat") == true)
        #expect(try glob("{cat,bat,[fr]at}", [], "at") == false)
        #expect(builtinError("glob.match", "[abc", [], "a")?.kind == .builtin)
    }

    @Test func quoteMeta() throws {
        #expect(try callBuiltin("glob.quote_meta", "*.github.com") == "\\*.github.com")
        #expect(try callBuiltin("glob.quote_meta", "{a,b}[c]?\\") == "\\{a,b\\}\\[c\\]\\?\\\\")
    }
}
