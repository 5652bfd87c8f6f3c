import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// References into `input` by constant keys are looked up once per evaluation and kept; a `with`
/// that replaces `input` (whole or in part) must be seen, and what it saw must not outlive it.
@Suite struct InputPathMemoTests {
    static let source = """
        package memo

        # Comparisons and call arguments read constant input references through the memo.
        x := input.x + 0

        replaced_whole if {
        	input.x == 1
        	input.x == 2 with input as {"x": 2}
        	input.x == 1
        }

        replaced_in_part if {
        	not input.missing == 5
        	input.missing == 5 with input.missing as 5
        	not input.missing == 5
        	input.x == 7 with input.x as 7
        	input.x == 1
        }

        through_a_rule if {
        	x == 1
        	x == 3 with input as {"x": 3}
        	x == 1
        }

        loop_count := count([g | some g in input.grants; g == input.x])
        """

    func evaluate(_ rule: String, _ input: Value) throws -> Value? {
        let policy = try PolicySet(modules: [try RegoParser.parseModule(Self.source, file: "memo.rego")])
        return try PreparedQuery("data.memo.\(rule)", policy: policy).evaluate(input: input).first?.expressions.first
    }

    @Test(arguments: ["replaced_whole", "replaced_in_part", "through_a_rule"])
    func aWithReplacingInputIsSeenAndUndoneAfter(_ rule: String) throws {
        #expect(try evaluate(rule, ["x": 1]) == .bool(true))
    }

    @Test func aReferenceComparedInALoopKeepsItsValue() throws {
        #expect(try evaluate("loop_count", ["x": 2, "grants": [1, 2, 3, 2, 2]]) == .int(3))
        #expect(try evaluate("loop_count", ["grants": [1, 2]]) == .int(0))
    }

    @Test func eachEvaluationLooksItsOwnInputUp() throws {
        let policy = try PolicySet(modules: [try RegoParser.parseModule(Self.source, file: "memo.rego")])
        let query = try PreparedQuery("data.memo.x", policy: policy)
        #expect(try query.evaluate(input: ["x": 1]).first?.expressions.first == .int(1))
        #expect(try query.evaluate(input: ["x": 2]).first?.expressions.first == .int(2))
        #expect(try query.evaluate(input: ["y": 2]).isEmpty)
    }
}
