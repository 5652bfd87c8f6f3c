import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// `with` on functions and builtins: a replacement runs without the replacements around it.
@Suite struct FunctionMockTests {
    func evaluate(_ rules: String, _ query: String = "data.t.p") throws -> Value? {
        let policy = try PolicySet(modules: [try RegoParser.parseModule("package t\n\n" + rules + "\n", file: "t.rego")])
        return try PreparedQuery(query, policy: policy).evaluate(input: nil).first?.expressions.first
    }

    @Test func aMockDoesNotCallAnotherMock() throws {
        // `g` replaces object.union_n inside `q`, where count is replaced by `f`; `g` calls count,
        // which must be the real one: `f` would fail (its object has the key "a" twice).
        let rules = """
            f(x) := object.union_n(x) if {x: i | x := ["a", "a"][i]}
            g(x) := count(x)
            p if { q with count as f }
            q if { r with object.union_n as g }
            r if { object.union_n([{}]) }
            """
        #expect(try evaluate(rules) == true)
    }

    @Test func theRestOfTheBodyStillSeesTheMock() throws {
        let rules = """
            double(x) := 2 * x
            p := [a, b] if { a := abs(-3) with abs as double; b := abs(-3) }
            q := y if { y := [abs(-1), abs(-2)] with abs as double }
            """
        #expect(try evaluate(rules) == .array([-6, 3]))
        #expect(try evaluate(rules, "data.t.q") == .array([-2, -4]))
    }
}
