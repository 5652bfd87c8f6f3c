import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// Template strings (`$"…{expr}…"` and `` $`…` ``) evaluated end to end: parsed, compiled and
/// rendered by `internal.template_string`.
@Suite struct TemplateStringTests {
    func evaluate(_ rules: String, _ query: String = "data.t.p", input: Value? = nil) throws -> Value? {
        let policy = try PolicySet(modules: [try RegoParser.parseModule("package t\n\n" + rules + "\n", file: "t.rego")])
        return try PreparedQuery(query, policy: policy).evaluate(input: input).first?.expressions.first
    }

    @Test func textAndEscapesAreKept() throws {
        #expect(try evaluate(#"p := $"""#) == "")
        #expect(try evaluate(#"p := $"a\tb \{c} \"d\"""#) == "a\tb {c} \"d\"")
        #expect(try evaluate("p := $`line one\n{1 + 1}\\{x}`") == "line one\n2{x}")
    }

    @Test func stringsAreInsertedAsTheyAreAndOtherValuesAsRegoText() throws {
        #expect(try evaluate(#"p := $"{"s"}|{42}|{1.5}|{true}|{null}""#) == "s|42|1.5|true|null")
        #expect(try evaluate(#"p := $"{[1, "a"]}|{set()}|{{1}}|{{"k": [true]}}|{{}}""#) == #"[1, "a"]|set()|{1}|{"k": [true]}|{}"#)
    }

    @Test func anUndefinedExpressionRendersAsUndefinedAndTheTemplateStaysDefined() throws {
        #expect(try evaluate(#"p := $"{input.missing} and {data.nothing.here}""#, input: .object(RegoObject())) == "<undefined> and <undefined>")
    }

    @Test func expressionsSeeRulesVariablesInputAndWith() throws {
        #expect(try evaluate("a := \"x\"\np := $\"{a}-{input.n + 1}\"", input: .object(RegoObject([(.string("n"), .number(.int(41)))]))) == "x-42")
        #expect(try evaluate("a := input.a\np := x if { x := $\"{a with input as {\"a\": 7}}\" }") == "7")
        #expect(try evaluate("a := input.a\np := x if { x := $\"{a}\" with input.a as \"w\" }") == "w")
        #expect(try evaluate(#"p := [x | some y in ["a", "b"]; x := $"<{y}>"]"#) == .array([.string("<a>"), .string("<b>")]))
        #expect(try evaluate("a := \"in\"\np := $\"{$\"{a}\"}!\"") == "in!")
    }

    @Test func aFunctionArgumentMayBeATemplateOverTheBodysVariables() throws {
        let rules = "f($\"{x} {input.y}\") := 42 if { x = \"foo\" }\nf(s) := 0 if { s == \"other\" }"
        let input = Value.object(RegoObject([(.string("y"), .string("bar"))]))
        #expect(try evaluate(rules, #"data.t.f("foo bar")"#, input: input) == .number(.int(42)))
        #expect(try evaluate(rules, #"data.t.f("other")"#, input: input) == .number(.int(0)))
        #expect(try evaluate(rules, #"data.t.f("foo baz")"#, input: input) == nil)
        // In an `else` clause the argument is compared too.
        let withElse = "g($\"<{x}>\") := 1 if { x := \"a\"; false } else := 2 if { x := \"a\" }"
        #expect(try evaluate(withElse, #"data.t.g("<a>")"#) == .number(.int(2)))
        #expect(try evaluate(withElse, #"data.t.g("<b>")"#) == nil)
    }

    @Test func anExpressionWithSeveralValuesIsAnErrorThatSaysHowToFixIt() throws {
        let error = #expect(throws: (any Error).self) { try evaluate(#"p := $"{[1, 2][_]}""#) }
        let text = String(describing: try #require(error))
        #expect(text.contains("template expression in part 1 has 2 values (1, 2)"))
        #expect(text.contains("[x | some x in xs]"))
    }

    @Test func constantPartsRenderAsThemselvesAndCollectionPartsAreRejected() throws {
        #expect(try call("internal.template_string", .array([.string("n="), .number(.int(1)), .string(" "), .bool(true), .string(" "), .null])) == .string("n=1 true null"))
        let error = callError("internal.template_string", .array([.string("a"), .array([])]))
        #expect(error?.kind == .halt)
        #expect(error?.message == "template part 2 must be text, a constant or the values of an expression but got array")
    }
}
