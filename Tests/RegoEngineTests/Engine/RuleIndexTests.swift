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

    /// The compiler's threads each index a run of a node's rules; joined in order, the runs make
    /// the index one run over every rule makes, wherever the rules are split.
    @Test func partsJoinedInOrderIndexLikeOnePart() throws {
        var text = "package split\n\n"
        let paths = ["a", "b", "a", nil, "c", "a+b", "b", "a", "d", nil, "e", "a", "m", "c"]
        for (i, path) in paths.enumerated() {
            switch path {
            case nil: text += "allow if input.admin == true\n"
            case "a+b": text += "allow if { input.path == \"a\"; input.path == \"b\" }\n"
            case "m": text += "allow if { input.method == \"GET\"; input.user == \"u\(i)\" }\n"
            case let path?: text += "allow if { input.path == \"\(path)\"; input.method == \"GET\" }\n"
            }
        }
        let policy = try PolicySet(modules: [try RegoParser.parseModule(text, file: "split.rego")])
        let rules = try #require(policy.root.children["split"]?.children["allow"]?.rules)
        let whole = try #require(RuleIndex(rules: rules))
        #expect(whole.path == ["path"])
        func part(_ range: Range<Int>) -> RuleIndex.Part {
            var part = RuleIndex.Part()
            for rule in rules[range] { part.add(rule.body) }
            return part
        }
        for cuts in [[5], [1], [13], [3, 9], [0, 4, 4, 14], [2, 5, 7, 11]] {
            let bounds = [0] + cuts + [rules.count]
            let parts = zip(bounds, bounds.dropFirst()).map { part($0..<$1) }
            let index = try #require(RuleIndex(parts: parts), "\(cuts)")
            #expect(index.path == whole.path, "\(cuts)")
            #expect(index.positions == whole.positions, "\(cuts)")
            #expect(index.unconstrained == whole.unconstrained, "\(cuts)")
            #expect(index.byValue.count == whole.byValue.count, "\(cuts)")
            for value: Value in ["a", "b", "c", "d", "e", "z", "GET"] {
                #expect(index.candidates(for: value) == whole.candidates(for: value), "\(cuts), \(value)")
            }
        }
        #expect(whole.candidates(for: "a") == [0, 2, 3, 7, 9, 11, 12])
    }
}

extension RuleIndex {
    /// The index one part over all of `rules` gives.
    init?(rules: [CompiledRule]) {
        var part = Part(rules: rules.count)
        for rule in rules { part.add(rule.body) }
        self.init(parts: [part])
    }
}
