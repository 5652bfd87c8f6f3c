import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

@Suite struct RuleIndexTests {
    static let policy: PolicySet? = {
        var text = "package idx\n\ndefault allow := false\n\nallow if input.admin == true\n\n"
        for i in 0..<20 { text += "allow if { input.path == \"/r/\(i)\"; input.method == \"GET\" }\n" }
        text += "allow if { input.path == \"/r/1\"; input.path == \"/r/2\" }\n"
        guard let module = try? RegoParser.parseModule(text, file: "idx.rego") else { return nil }
        return try? PolicySet(modules: [module])
    }()

    func allow(_ input: Value) throws -> Value? {
        let policy = try #require(RuleIndexTests.policy)
        let query = try PreparedQuery("data.idx.allow", policy: policy)
        return try query.evaluate(input: input).first?.expressions.first
    }

    @Test func nodeWithManyEqualityRulesIsIndexed() throws {
        let policy = try #require(RuleIndexTests.policy)
        let node = try #require(policy.root.children["idx"]?.children["allow"])
        let index = try #require(node.index)
        #expect(index.path == ["path"])
        #expect(index.unconstrained == [0])
        #expect(index.candidates(for: "/r/7") == [0, 8])
        #expect(index.candidates(for: nil) == [0])
    }

    @Test func rulesSharingAConstantStayInSourceOrder() throws {
        var text = "package groups\n\n"
        for path in ["a", "b", "a", nil, "c", "a+b", "b", "a"] {
            switch path {
            case nil: text += "allow if input.admin == true\n"
            case "a+b": text += "allow if { input.path == \"a\"; input.path == \"b\" }\n"
            case let path?: text += "allow if input.path == \"\(path)\"\n"
            }
        }
        let policy = try PolicySet(modules: [try RegoParser.parseModule(text, file: "groups.rego")])
        let index = try #require(policy.root.children["groups"]?.children["allow"]?.index)
        #expect(index.candidates(for: "a") == [0, 2, 3, 7])
        #expect(index.candidates(for: "b") == [1, 3, 6])
        #expect(index.candidates(for: "c") == [3, 4])
        #expect(index.candidates(for: "d") == [3])
        #expect(index.unconstrained == [3])
    }

    @Test func indexedEvaluationGivesTheSameAnswers() throws {
        #expect(try allow(["path": "/r/7", "method": "GET"]) == .bool(true))
        #expect(try allow(["path": "/r/7", "method": "POST"]) == .bool(false))
        #expect(try allow(["path": "/r/99", "method": "GET"]) == .bool(false))
        #expect(try allow(["admin": true]) == .bool(true))
        #expect(try allow(["path": "/r/1", "method": "PUT"]) == .bool(false))
    }

    @Test func withOnInputIsHonouredByTheIndex() throws {
        let policy = try #require(RuleIndexTests.policy)
        let query = try PreparedQuery(#"data.idx.allow with input as {"path": "/r/3", "method": "GET"}"#, policy: policy)
        #expect(try query.evaluate(input: ["path": "/r/99"]).first?.expressions.first == .bool(true))
    }
}
