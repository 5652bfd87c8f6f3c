import Testing
import RegoSyntax
import RegoValue

@Suite struct ModuleParserTests {
    func module(_ s: String) throws -> Module { try RegoParser.parseModule(s, file: "p.rego") }

    func head(_ r: Rule) -> String { r.ref.map(Render.term).joined(separator: " ") }

    func firstError(_ s: String) -> RegoError? {
        do throws(RegoErrors) {
            _ = try RegoParser.parseModule(s, file: "p.rego")
            return nil
        } catch {
            return error.errors.first
        }
    }

    @Test func parsesPackageAndImports() throws {
        let m = try module("""
        package a.b["c"]

        import data.x.y as z
        import input.foo
        import rego.v1
        import future.keywords.in
        """)
        #expect(m.package == ["a", "b", "c"])
        #expect(m.imports.map { $0.path.joined(separator: ".") } == ["data.x.y", "input.foo", "rego.v1", "future.keywords.in"])
        #expect(m.imports.first?.alias == "z")
        #expect(m.imports.last?.location == Location(file: "p.rego", line: 6, column: 1))
    }

    @Test func parsesRuleForms() throws {
        let m = try module("""
        package p
        default allow := false
        default f(_) := 0
        allow if input.x > 1
        q := 1
        r = 2 if { true }
        s contains x if { some x in input.xs }
        t[x] := y if { y := input[x] }
        a.b.c := 1
        a.b[x].c contains y if { y := x[_] }
        u[x] if { x := 1 }
        f(x, y) := z if { z := x + y }
        g(x) if x
        """)
        let rules = m.rules
        #expect(rules.count == 12)
        #expect(rules[0].isDefault && rules[0].isAssignment && head(rules[0]) == "allow")
        if case .function(let args) = rules[1].kind { #expect(args.map(Render.term) == ["$_0"]) } else { Issue.record("f") }
        #expect(Render.body(rules[2].body) == "gt(ref(input \"x\") 1)" && rules[2].value == nil)
        #expect(rules[3].body.isEmpty && rules[3].value.map(Render.term) == "1")
        #expect(!rules[4].isAssignment)
        if case .partialSet = rules[5].kind {} else { Issue.record("s") }
        #expect(rules[5].value.map(Render.term) == "x")
        #expect(head(rules[6]) == "t x")
        #expect(head(rules[7]) == #"a "b" "c""#)
        #expect(head(rules[8]) == #"a "b" x "c""#)
        #expect(head(rules[9]) == "u x" && rules[9].value == nil)
        #expect(head(rules[10]) == "f")
        #expect(rules[11].location == Location(file: "p.rego", line: 13, column: 1))
    }

    @Test func parsesElseChains() throws {
        let m = try module("""
        package p
        x := 1 if {
            input.a
        } else := 2 if {
            input.b
        }
        else = 3 { input.c }
        else if { input.d }
        else := 5
        """)
        let elses = try #require(m.rules.first?.elses)
        #expect(elses.map { $0.value.map(Render.term) ?? "-" } == ["2", "3", "-", "5"])
        #expect(elses.map { Render.body($0.body) } == [#"ref(input "b")"#, #"ref(input "c")"#, #"ref(input "d")"#, ""])
        #expect(elses[1].location.line == 7)
    }

    @Test func parsesBodyExpressions() throws {
        let m = try module("""
        package p
        r if {
            not input.x; some a, b
            some k, v in input.o
            every x in [1,
              2] { x > 0 }
            [c, d] := [1, 2]
            e = 3
            k, v in {"a": 1}
            count(input.y) > 0 with input.y as [1] with data.q as 2
        }
        """)
        let body = try #require(m.rules.first?.body).map(Render.expr)
        #expect(body == [
            #"not ref(input "x")"#, "some a b", #"some k v in ref(input "o")"#, "every x in [1 2] {gt(x 0)}",
            "[c d] := [1 2]", "e = 3", #"internal.member_3(k v {"a":1})"#,
            #"gt(count(ref(input "y")) 0) with ref(input "y") as [1] with ref(data "q") as 2"#,
        ])
    }

    @Test func parsesQueries() throws {
        let q = try RegoParser.parseQuery("x := data.a; y = x\nz := {1, 2}")
        #expect(q.map(Render.expr) == [#"x := ref(data "a")"#, "y = x", "z := set(1 2)"])
        #expect(q[2].location == Location(file: "", line: 2, column: 1))
    }

    @Test func requiresIfBeforeBody() {
        let e = firstError("package p\n\nallow {\n  true\n}\n")
        #expect(e?.code == "rego_parse_error")
        #expect(e?.location == Location(file: "p.rego", line: 3, column: 7))
        #expect(e?.message == "`if` keyword is required before rule body")
    }

    @Test func reportsMissingSeparator() {
        let e = firstError("package p\nr if { x := 1 y := 2 }\n")
        #expect(e?.location == Location(file: "p.rego", line: 2, column: 15))
        #expect(e?.message == "unexpected identifier token: expected \\n or ; or }")
    }

    @Test func rejectsKeywordAsVariable() {
        #expect(firstError("package p\nr if { not := 1 }")?.location?.line == 2)
        #expect(firstError("package p\nin := 1")?.location == Location(file: "p.rego", line: 2, column: 1))
        #expect(firstError("package p\n_ := 1")?.message == "var cannot be used for rule name")
    }

    @Test func collectsSeveralErrors() {
        do throws(RegoErrors) {
            _ = try RegoParser.parseModule("package p\na := [\nb := 1\nc if {\n}}\nd := 2 3\n", file: "p.rego")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.count >= 2)
            #expect(error.errors.allSatisfy { $0.code == "rego_parse_error" })
        }
    }
}
