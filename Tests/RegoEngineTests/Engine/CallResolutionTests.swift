import Foundation
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

/// A node with more rules than `Compiler.parallelRules` is compiled on several threads.
@Suite struct LargeNodeCompileTests {
    static func policy(rules: Int, brokenAt broken: Int? = nil) -> String {
        var text = "package big\n\ndefault allow := false\n\n"
        for i in 0..<rules {
            text += i == broken ? "allow if nosuch(input.n)\n" : "allow if { input.n == \(i); input.m == \"GET\" }\n"
        }
        return text
    }

    @Test func everyRuleOfALargeNodeIsCompiledInOrder() throws {
        let count = Compiler.parallelRules * 2 + 7
        let module = try RegoParser.parseModule(Self.policy(rules: count), file: "big.rego")
        let policy = try PolicySet(modules: [module])
        let node = try #require(policy.root.children["big"]?.children["allow"])
        #expect(node.rules.count == count)
        // The syntax trees are dropped once compiled; the node keeps where its first rule is.
        #expect(node.sources.isEmpty)
        #expect(node.location?.line == 3)   // the default rule
        #expect(node.rules.map { $0.body.first?.location.line } == (0..<count).map { 5 + $0 })
        let query = try PreparedQuery("data.big.allow", policy: policy)
        for n in [0, count / 2, count - 1] {
            #expect(try query.evaluate(input: ["n": .int(n), "m": "GET"]).first?.expressions.first == .bool(true))
        }
        #expect(try query.evaluate(input: ["n": .int(count), "m": "GET"]).first?.expressions.first == .bool(false))
    }

    /// The recursion check reads the `data` references each thread gathered from its rules.
    @Test func recursionInALargeNodeIsFound() throws {
        let count = Compiler.parallelRules * 2 + 3
        let text = Self.policy(rules: count) + "allow if data.big.helper\nhelper if data.big.allow\n"
        let module = try RegoParser.parseModule(text, file: "big.rego")
        let error = #expect(throws: RegoErrors.self) { try PolicySet(modules: [module]) }
        #expect(error?.errors.first?.code == "rego_recursion_error")
        #expect(error?.errors.first?.message.contains("data.big.allow") == true)
        // Without the loop back, the same references compile.
        let fine = try RegoParser.parseModule(Self.policy(rules: count) + "allow if data.big.helper\nhelper if input.x\n", file: "big.rego")
        #expect(try PolicySet(modules: [fine]).root.children["big"]?.children["allow"]?.rules.count == count + 1)
    }

    @Test func errorsFromAllThreadsAreReported() throws {
        let count = Compiler.parallelRules * 2
        let text = Self.policy(rules: count, brokenAt: count - 3)
            .replacingOccurrences(of: "allow if { input.n == 5;", with: "allow if { nosuch2(1); input.n == 5;")
        let module = try RegoParser.parseModule(text, file: "big.rego")
        let error = #expect(throws: RegoErrors.self) { try PolicySet(modules: [module]) }
        #expect(error?.errors.map(\.location?.line) == [10, 5 + count - 3])
        #expect(error?.errors.allSatisfy { $0.code == "rego_type_error" } == true)
    }
}
