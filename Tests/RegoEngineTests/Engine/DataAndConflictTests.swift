import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// Base documents read with number keys, conflicts from `else` values, and recursion through
/// `data` paths with keys known only at evaluation.
@Suite struct DataAndConflictTests {
    func evaluate(_ modules: [String], _ query: String, data: Value = .emptyObject) throws -> Value? {
        let parsed = try modules.enumerated().map { try RegoParser.parseModule($1, file: "m\($0).rego") }
        return try PreparedQuery(query, policy: PolicySet(modules: parsed, data: data)).evaluate(input: nil).first?.expressions.first
    }

    @Test func aNumberKeyReadsTheStringKeyOfABaseDocumentAtAnyDepth() throws {
        let data: Value = ["nested": ["2": "bar", "deeper": ["7": ["x": 1]]], "list": ["a", "b", "c"]]
        let module = "package t\n\np := data.nested[2]\nq := data.nested.deeper[7].x\nr := data.list[1]\ns := data.nested[3]\n"
        #expect(try evaluate([module], "data.t.p", data: data) == "bar")
        #expect(try evaluate([module], "data.t.q", data: data) == 1)
        #expect(try evaluate([module], "data.t.r", data: data) == "b")
        #expect(try evaluate([module], "data.t.s", data: data) == nil)
        // Not for other objects: input and rule values keep number and string keys apart.
        #expect(try evaluate(["package t\n\no := {\"2\": 1}\np := o[2]\n"], "data.t.p") == nil)
    }

    @Test func anElseThatGivesSeveralValuesConflicts() throws {
        let module = "package t\n\nxs := {1, 2}\nq := false if { false } else := xs[_]\np if { q }\n"
        let error = #expect(throws: RegoError.self) { try evaluate([module], "data.t.p") }
        #expect(error?.code == RegoError.evalConflict)
        #expect(error?.message == "complete rules must not produce multiple outputs")
        // One value from the else is fine, and a constant rule still stops at its value.
        #expect(try evaluate(["package t\n\nq := false if { false } else := 3\n"], "data.t.q") == 3)
    }

    @Test func aDynamicDataKeyDependsOnlyOnRulesItsOtherKeysCanReach() throws {
        let modules = [
            "package test\n\np := data[first].allow.see.something_else if first := \"primary\"\n",
            "package primary\n\nallow[action].something if action := \"show\"\nallow.see.something_else if true\n",
            "package unrelated\n\nallow.other.stuff if true\n",
        ]
        #expect(try evaluate(modules, "data.test.p") == true)
        // A real cycle through a dynamic key is still found.
        let cycle = #expect(throws: RegoErrors.self) {
            try evaluate(["package a\n\np := data[x].q if x := \"a\"\nq := p\n"], "data.a.p")
        }
        #expect(cycle?.errors.first?.code == RegoError.recursion)
    }
}
