import Testing
import RegoSyntax
import RegoValue

@Suite struct TermParserTests {
    func term(_ s: String) throws -> String { Render.term(try RegoParser.parseTerm(s)) }

    @Test func parsesScalars() throws {
        #expect(try term("null") == "null")
        #expect(try term("true") == "true")
        #expect(try term("-1") == "-1")
        #expect(try term("1.5e3") == "1500")
        #expect(try term("123456789012345678901234567890") == "123456789012345678901234567890")
        #expect(try term(#""a\n\t\"\\\/\u00e9\ud83d\ude00""#) == "\"a\n\t\"\\/é😀\"")
        // Without escapes, a string is taken as one slice, however its characters are encoded.
        let t = try RegoParser.parseTerm("\"aé😀中\"")
        guard case .scalar(.string(let s)) = t.kind else { Issue.record("not a string"); return }
        #expect(Array(s.utf8) == Array("aé😀中".utf8))
    }

    @Test func keepsRawStringBytes() throws {
        let t = try RegoParser.parseTerm("`a\r\nb\\n`")
        guard case .scalar(.string(let s)) = t.kind else { Issue.record("not a string"); return }
        #expect(Array(s.utf8) == Array("a\r\nb\\n".utf8))
    }

    @Test func parsesComposites() throws {
        #expect(try term(#"{"x": {1, 2}}"#) == #"{"x":set(1 2)}"#)
        #expect(try term("{}") == "{}")
        #expect(try term("set()") == "set()")
        #expect(try term("[1, [2,\n 3],]") == "[1 [2 3]]")
        #expect(try term("[1,2][0]") == "ref([1 2] 0)")
        #expect(try term(#"{"a":1}.a"#) == #"ref({"a":1} "a")"#)
    }

    @Test func parsesComprehensions() throws {
        #expect(try term("[x | x := xs[_]; x > 1]") == "[x | x := ref(xs $_0); gt(x 1)]")
        #expect(try term("{x | some x in xs\n x > 1}") == "set(x | some x in xs; gt(x 1))")
        #expect(try term("{k: v | v := o[k]}") == "{k:v | v := ref(o k)}")
        #expect(try term("[a | b]") == "[a | b]")
    }

    @Test func respectsOperatorPrecedence() throws {
        #expect(try term("1 + 2 * 3 - 4") == "minus(plus(1 mul(2 3)) 4)")
        #expect(try term("a | b & c") == "or(a and(b c))")
        #expect(try term("x + 1 == y") == "equal(plus(x 1) y)")
        #expect(try term("x == 1 in s") == "internal.member_2(equal(x 1) s)")
        #expect(try term("-x") == "minus(0 x)")
        #expect(try term("(1 + 2) * 3") == "mul(plus(1 2) 3)")
        #expect(try term("a < b + c % d") == "lt(a plus(b rem(c d)))")
        #expect(try term("a >= b - c / d") == "gte(a minus(b div(c d)))")
        #expect(try term("a != b | c & d") == "neq(a or(b and(c d)))")
    }

    @Test(arguments: [
        ("==", "equal"), ("!=", "neq"), ("<", "lt"), ("<=", "lte"), (">", "gt"), (">=", "gte"),
        ("|", "or"), ("&", "and"), ("+", "plus"), ("-", "minus"), ("*", "mul"), ("/", "div"),
        ("%", "rem"),
    ])
    func infixOperatorCallsItsBuiltin(_ spelling: String, _ builtin: String) throws {
        #expect(try term("a \(spelling) b") == "\(builtin)(a b)")
    }

    @Test func parsesRefsAndCalls() throws {
        #expect(try term(#"input.a[b]["c"][0]"#) == #"ref(input "a" b "c" 0)"#)
        #expect(try term("object.get(a, b, c)") == "object.get(a b c)")
        #expect(try term("data.a.f(x)") == "data.a.f(x)")
        #expect(try term(#"split(s, ".")[1]"#) == #"ref(split(s ".") 1)"#)
        #expect(try term("f(x)[0].y") == #"ref(f(x) 0 "y")"#)
        #expect(try term("input.in") == #"ref(input "in")"#)
    }

    @Test func wildcardsAreFresh() throws {
        #expect(try term("[_, _, a[_]]") == "[$_0 $_1 ref(a $_2)]")
    }

    @Test func templateStringsDesugarToBuiltin() throws {
        #expect(try term(#"$"a {x} \{b}""#) == #"internal.template_string(["a " set($_0 | $_0 := x) " {b}"])"#)
    }

    @Test func reportsErrorLocation() {
        do throws(RegoErrors) {
            _ = try RegoParser.parseTerm("[1,\n  2 3]")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.code == "rego_parse_error")
            #expect(error.errors.first?.location?.line == 2)
            #expect(error.errors.first?.location?.column == 5)
        }
    }

    @Test func deepNestingFailsCleanly() {
        for open in ["[", "(", "{", "-"] {
            let text = String(repeating: open, count: 1000) + "1"
            #expect(throws: RegoErrors.self) { try RegoParser.parseTerm(text) }
        }
        let ok = String(repeating: "[", count: 100) + "1" + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try RegoParser.parseTerm(ok) }
    }

    @Test func malformedInputNeverCrashes() {
        for text in ["", "[", "{1:", "\"abc", "`abc", "1 +", "$\"{", "$\"{x\"", "a.", "f(,)", "\"\\q\"", "@"] {
            #expect(throws: RegoErrors.self) { try RegoParser.parseTerm(text) }
        }
    }
}
