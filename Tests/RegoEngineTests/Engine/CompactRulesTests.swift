import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// Rules compile compactly: constant terms shared between rules, comparisons without a call
/// term; evaluation gives the same answers as before.
@Suite struct CompactRulesTests {
    /// The address of an indirect term's box (equal addresses: one shared term).
    static func box(_ term: CTerm) -> UInt {
        withUnsafeBytes(of: term) { $0.load(as: UInt.self) }
    }

    static func policy(_ text: String) throws -> PolicySet {
        try PolicySet(modules: [try RegoParser.parseModule(text, file: "p.rego")])
    }

    static func eval(_ policy: PolicySet, _ query: String, _ input: Value? = nil) throws -> Value? {
        try PreparedQuery(query, policy: policy).evaluate(input: input).first?.expressions.first
    }

    @Test func internerSharesStringsReferencesAndKeepsNumbersApart() {
        let interner = TermInterner()
        let get = interner.intern(.value(.string("GET")))
        #expect(CompactRulesTests.box(interner.intern(.value(.string("GET")))) == CompactRulesTests.box(get))
        #expect(CompactRulesTests.box(interner.intern(.value(.string("PUT")))) != CompactRulesTests.box(get))
        let path = interner.intern(.ref(.input, [.value(.string("path"))]))
        #expect(CompactRulesTests.box(interner.intern(.ref(.input, [.value(.string("path"))]))) == CompactRulesTests.box(path))
        #expect(CompactRulesTests.box(interner.intern(.ref(.input, [.value(.string("method"))]))) != CompactRulesTests.box(path))
        #expect(CompactRulesTests.box(interner.value(.string("GET"))) == CompactRulesTests.box(get))
        // 1 and 1.0 are equal values but print differently: never shared.
        let one = interner.intern(.value(.number(.int(1))))
        #expect(CompactRulesTests.box(interner.intern(.value(.number(.int(1))))) != CompactRulesTests.box(one))
        #expect(CompactRulesTests.box(interner.value(.number(.int(1)))) != CompactRulesTests.box(one))
        let limits = interner.intern(.data([.value(.string("limits")), .value(.string("max"))]))
        #expect(CompactRulesTests.box(interner.intern(.data([.value(.string("limits")), .value(.string("max"))]))) == CompactRulesTests.box(limits))
        #expect(CompactRulesTests.box(interner.intern(.data([.value(.string("limits"))]))) != CompactRulesTests.box(limits))
        // A reference with a variable in its path is left alone.
        let dynamic = CTerm.ref(.input, [.local(0)])
        #expect(CompactRulesTests.box(interner.intern(dynamic)) == CompactRulesTests.box(dynamic))
    }

    @Test func rulesOfOneNodeShareTheirConstantTermsAndCompareWithoutACall() throws {
        var text = "package p\n\n"
        for i in 0..<12 { text += "allow if { input.path == \"/r/\(i)\"; input.method == \"GET\" }\n" }
        let policy = try CompactRulesTests.policy(text)
        let rules = try #require(policy.root.children["p"]?.children["allow"]?.rules)
        #expect(rules.count == 12)
        var lefts: Set<UInt> = [], methods: Set<UInt> = []
        for rule in rules {
            #expect(rule.body.count == 2)
            for e in rule.body {
                guard case .compare(let b, let lhs, let rhs) = e.kind else {
                    Issue.record("expected a compact comparison, got \(e.kind)")
                    continue
                }
                #expect(b.name == "equal")
                lefts.insert(CompactRulesTests.box(lhs))
                if case .value(.string("GET")) = rhs { methods.insert(CompactRulesTests.box(rhs)) }
            }
        }
        #expect(lefts.count == 2)    // input.path and input.method, once each
        #expect(methods.count == 1)  // "GET", once
    }

    @Test func comparisonsAnswerAsCallsDo() throws {
        let policy = try CompactRulesTests.policy("""
            package c

            eq if input.a == 1
            lt if input.a < input.b
            ne if input.a != "x"
            some_big if input.xs[_] > 10
            pairs contains [x, y] if { some x in input.xs; some y in input.ys; x <= y }
            undefined_left if input.missing == 1
            not_negated if not input.a == 2
            overridden if input.a == 1 with equal as always
            through_rule if eq with equal as always
            always(_, _) := true
            """)
        let input: Value = ["a": 1, "b": 2, "xs": [3, 11], "ys": [3, 4]]
        #expect(try CompactRulesTests.eval(policy, "data.c.eq", input) == .bool(true))
        #expect(try CompactRulesTests.eval(policy, "data.c.lt", input) == .bool(true))
        #expect(try CompactRulesTests.eval(policy, "data.c.ne", input) == .bool(true))
        #expect(try CompactRulesTests.eval(policy, "data.c.some_big", input) == .bool(true))
        #expect(try CompactRulesTests.eval(policy, "data.c.pairs", input)
            == .set(RegoSet([.array([3, 3]), .array([3, 4])])))
        #expect(try CompactRulesTests.eval(policy, "data.c.undefined_left", input) == nil)
        #expect(try CompactRulesTests.eval(policy, "data.c.not_negated", input) == .bool(true))
        #expect(try CompactRulesTests.eval(policy, "data.c.eq", ["a": 2]) == nil)
        #expect(try CompactRulesTests.eval(policy, "data.c.some_big", ["xs": [1, 2]]) == nil)
        // `with` replacing the operator still reaches the replacement.
        #expect(try CompactRulesTests.eval(policy, "data.c.overridden", ["a": 5]) == .bool(true))
        // ... also inside a rule it evaluates (`eq`'s body is a compact comparison).
        #expect(try CompactRulesTests.eval(policy, "data.c.through_rule", ["a": 5]) == .bool(true))
        #expect(try CompactRulesTests.eval(policy, "data.c.eq", ["a": 5]) == nil)
    }
}
