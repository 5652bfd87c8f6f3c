import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// How a call name is resolved: package functions, imported and `data.` paths, builtins.
@Suite struct CallResolutionTests {
    func compile(_ modules: [(String, String)]) throws -> PolicySet {
        try PolicySet(modules: modules.map { try RegoParser.parseModule($1, file: $0) })
    }

    func evaluate(_ query: String, _ policy: PolicySet) throws -> Value? {
        try PreparedQuery(query, policy: policy).evaluate(input: nil).first?.expressions.first
    }

    @Test func anUndefinedFunctionIsATypeErrorAtItsCall() throws {
        let error = #expect(throws: RegoErrors.self) {
            try compile([("a.rego", "package a\n\nx := nosuch(1)\n")])
        }
        let first = try #require(error?.errors.first)
        #expect(first.code == "rego_type_error")
        #expect(first.location?.line == 3)
    }

    @Test func aPackageFunctionNamedLikeABuiltinWinsOverIt() throws {
        let policy = try compile([("a.rego", "package a\n\nupper(s) := concat(\"\", [s, \"!\"])\n\nx := upper(\"hi\")\ny := strings.reverse(\"ab\")\n")])
        #expect(try evaluate("data.a.x", policy) == "hi!")
        #expect(try evaluate("data.a.y", policy) == "ba")
    }

    @Test func importedAndDataPathFunctionsResolve() throws {
        let policy = try compile([
            ("lib.rego", "package lib\n\ntwice(n) := n * 2\n"),
            ("a.rego", "package a\n\nimport data.lib\n\nx := lib.twice(2)\ny := data.lib.twice(3)\n"),
        ])
        #expect(try evaluate("data.a.x", policy) == 4)
        #expect(try evaluate("data.a.y", policy) == 6)
    }
}
