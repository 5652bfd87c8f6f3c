import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// A partial set iterated where solutions are gathered unordered (a complete rule, a function, a
/// set or object) is taken element by element as its rules produce them, without being built. The
/// answers must be those of iterating the built set: a `with` turns the shortcut off, so each rule
/// is evaluated both ways and compared, and against answers worked out by hand.
@Suite struct ProducedSetTests {
    static let source = """
        package sets

        # "read a" comes from both roles: the rules produce it twice.
        grants contains g if {
        	some r in input.roles
        	some g in data.role_grants[r]
        }

        allow if {
        	some g in grants
        	g.action == input.action
        	g.type == input.type
        }

        types_for_action contains g.type if {
        	some g in grants
        	g.action == input.action
        }

        same_action_pairs := count({[a.type, b.type] |
        	some a in grants
        	some b in grants
        	a.action == b.action
        })

        listed := [g | some g in grants]

        listed_in_rule := x if {
        	some g in grants
        	x := [h | some h in grants]
        }

        reads := n if {
        	some g in grants
        	g.action == "read"
        	n := count([h | some h in grants; h.action == "read"])
        }

        by_action[a] := n if {
        	some g in grants
        	a := g.action
        	n := count({x | some x in grants; x.action == a})
        }

        grants_type(t) if {
        	some g in grants
        	g.type == t
        }

        granted_types := [t | some t in input.types; grants_type(t)]

        one_type := t if {
        	some g in grants
        	t := g.type
        }
        """

    static let data: Value = [
        "role_grants": [
            "r1": [["action": "read", "type": "a"], ["action": "write", "type": "b"]],
            "r2": [["action": "read", "type": "a"], ["action": "read", "type": "c"]],
        ],
    ]
    static let input: Value = ["roles": ["r1", "r2"], "action": "read", "type": "c", "types": ["a", "b", "z"]]

    /// The rule's value (nil when undefined) or the error's code.
    func answer(_ rule: String, shortcut: Bool) throws -> Result<Value?, RegoError> {
        let policy = try PolicySet(modules: [try RegoParser.parseModule(Self.source, file: "sets.rego")], data: Self.data)
        // Any `with` on data turns the shortcut off for what it covers.
        let query = try PreparedQuery("data.sets.\(rule)" + (shortcut ? "" : " with data.unrelated as 1"), policy: policy)
        do {
            return .success(try query.evaluate(input: Self.input).first?.expressions.first)
        } catch let error as RegoError {
            return .failure(error)
        }
    }

    @Test(arguments: ["allow", "types_for_action", "same_action_pairs", "listed", "listed_in_rule", "reads", "by_action",
                      "granted_types", "one_type", "grants"])
    func answersAsTheBuiltSetDoes(_ rule: String) throws {
        let fast = try answer(rule, shortcut: true)
        let built = try answer(rule, shortcut: false)
        switch (fast, built) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.code == b.code)
        default: Issue.record("\(rule): \(fast) against \(built)")
        }
    }

    @Test func answersWorkedOutByHand() throws {
        let read = { (type: String) -> Value in ["action": "read", "type": .string(type)] }
        #expect(try answer("allow", shortcut: true).get() == .bool(true))
        #expect(try answer("types_for_action", shortcut: true).get() == .set(RegoSet(["a", "c"])))
        // read: (a, a), (a, c), (c, a), (c, c); write: (b, b).
        #expect(try answer("same_action_pairs", shortcut: true).get() == .int(5))
        // Arrays show order and repetition: each element once, sorted.
        let sorted: Value = [read("a"), read("c"), ["action": "write", "type": "b"]]
        #expect(try answer("listed", shortcut: true).get() == sorted)
        #expect(try answer("listed_in_rule", shortcut: true).get() == sorted)
        #expect(try answer("reads", shortcut: true).get() == .int(2))
        #expect(try answer("by_action", shortcut: true).get() == ["read": 2, "write": 1])
        #expect(try answer("granted_types", shortcut: true).get() == ["a", "b"])
        #expect(try answer("grants", shortcut: true).get() == .set(RegoSet([read("a"), read("c"), ["action": "write", "type": "b"]])))
    }

    @Test func aCompleteRuleGivingTwoValuesStillConflicts() throws {
        guard case .failure(let error) = try answer("one_type", shortcut: true) else {
            Issue.record("one_type should conflict: its body gives types a, b and c")
            return
        }
        #expect(error.code == RegoError.evalConflict)
    }

    @Test func aQueryIteratingTheSetSeesEachElementOnceInOrder() throws {
        let policy = try PolicySet(modules: [try RegoParser.parseModule(Self.source, file: "sets.rego")], data: Self.data)
        let query = try PreparedQuery("some g in data.sets.grants; t := g.type", policy: policy)
        let types = try query.evaluate(input: Self.input).map { result in result.bindings.first { $0.name == "t" }?.value }
        #expect(types == [.string("a"), .string("c"), .string("b")])
    }
}

@Suite struct ProducedSetPrintTests {
    /// A policy that prints shows each element of an iterated set once, in order, as OPA users
    /// expect from a set: the set is built first, as without the shortcut.
    @Test func aPolicyThatPrintsIteratesTheBuiltSet() throws {
        let source = ProducedSetTests.source + """

            printed if {
            	some g in grants
            	print(g.type)
            	false
            }
            """
        let policy = try PolicySet(modules: [try RegoParser.parseModule(source, file: "sets.rego")], data: ProducedSetTests.data)
        #expect(policy.prints)
        let lines = Lines()
        let context = SimpleBuiltinContext(printer: { lines.append($0) })
        _ = try PreparedQuery("data.sets.printed", policy: policy).evaluate(input: ProducedSetTests.input, context: context)
        #expect(lines.all == ["a", "c", "b"])
        let quiet = try PolicySet(modules: [try RegoParser.parseModule(ProducedSetTests.source, file: "sets.rego")], data: ProducedSetTests.data)
        #expect(!quiet.prints)
    }

    final class Lines: @unchecked Sendable {
        private(set) var all: [String] = []
        func append(_ line: String) { all.append(line) }
    }
}
