import Testing
@testable import RegoEngine
import RegoValue

/// `strings.render_template`: Go's text/template over the variables.
@Suite struct TemplateRenderingTests {
    static func render(_ template: String, _ vars: Value) throws -> Value? {
        try callBuiltin("strings.render_template", .string(template), vars)
    }

    static let vars: Value = [
        "user": ["name": "alice", "roles": ["admin", "dev"]], "count": 3, "ratio": 0.5, "empty": [],
        "limits": ["b": 2, "a": 1], "flag": false,
    ]

    @Test func fieldsValuesAndMissingKeys() throws {
        #expect(try Self.render("{{.user.name}} has {{.count}} at {{.ratio}}", Self.vars) == "alice has 3 at 0.5")
        #expect(try Self.render("{{.user.roles}} {{.limits}} {{.flag}}", Self.vars) == "[admin dev] map[a:1 b:2] false")
        #expect(try Self.render("{{.nobody}} {{.user.nothing}}", Self.vars) == "<undefined> <undefined>")
    }

    @Test func rangeIfWithAndVariables() throws {
        #expect(try Self.render("{{range $i, $r := .user.roles}}{{if $i}}, {{end}}{{$i}}={{$r}}{{end}}", Self.vars) == "0=admin, 1=dev")
        #expect(try Self.render("{{range $k, $v := .limits}}{{$k}}{{$v}}{{end}}", Self.vars) == "a1b2")
        #expect(try Self.render("{{range .empty}}x{{else}}none{{end}}", Self.vars) == "none")
        #expect(try Self.render("{{if .flag}}a{{else if eq .count 3}}b{{else}}c{{end}}", Self.vars) == "b")
        #expect(try Self.render("{{with .user}}{{.name}}{{end}}{{with .nobody}}x{{else}}-{{end}}", Self.vars) == "alice-")
        #expect(try Self.render("{{$n := .user.name}}{{range .user.roles}}{{$n}}:{{.}} {{end}}", Self.vars) == "alice:admin alice:dev ")
    }

    @Test func functionsPipelinesTrimAndComments() throws {
        #expect(try Self.render(#"{{len .user.roles}} {{index .user.roles 1}} {{index .limits "b"}}"#, Self.vars) == "2 dev 2")
        #expect(try Self.render(#"{{.count | printf "%03d"}} {{printf "%s/%v" .user.name .ratio}}"#, Self.vars) == "003 alice/0.5")
        #expect(try Self.render("{{if and .count (not .flag)}}yes{{end}} {{lt .count 5}} {{or .flag .count}}", Self.vars) == "yes true 3")
        #expect(try Self.render("a  {{- /* a comment */ -}}  b {{- \" c\" }}", Self.vars) == "ab c")
    }

    @Test func mistakesAreErrorsThatNameThem() {
        #expect(builtinError("strings.render_template", "{{.a", [:])?.message == "template: unclosed action (a `{{` without `}}`)")
        #expect(builtinError("strings.render_template", "{{if .a}}x", [:])?.message == "template: {{if}} without {{end}}")
        #expect(builtinError("strings.render_template", "{{upper .a}}", [:])?.message.hasPrefix(#"template: function "upper" not defined"#) == true)
        #expect(builtinError("strings.render_template", #"{{define "x"}}{{end}}"#, [:])?.message == "template: {{define}} is not supported in strings.render_template")
        #expect(builtinError("strings.render_template", "{{.a.b}}", ["a": "text"])?.message == "template: can't evaluate field b in text, which is not an object")
    }
}
