import Testing
@testable import RegoEngine
import RegoValue

/// Expectations from the OPA conformance cases (regexmatch, regexfind, regexsplit, regexreplace,
/// regexfindallstringsubmatch, regexisvalid, regexmatchtemplate) and Go regexp's docs.
@Suite struct RegexBuiltinsTests {
    @Test func match() throws {
        #expect(try callBuiltin("regex.match", "^[a-z]+\\[[0-9]+\\]$", "foo[1]") == true)
        #expect(try callBuiltin("regex.match", "^$", "") == true)
        #expect(try callBuiltin("regex.match", "", "x") == true)
        #expect(try callBuiltin("regex.match", "^$", "something") == false)
        #expect(builtinError("regex.match", "$^[[[", "something")?.kind == .builtin)
        #expect(try callBuiltin("re_match", "^a", "abc") == true)
        // RE2's $ is end of text only; ASCII \d.
        #expect(try callBuiltin("regex.match", "^a$", "a\n") == false)
        #expect(try callBuiltin("regex.match", "^\\d$", "٣") == false)
        #expect(try callBuiltin("regex.match", "(?P<x>a)b", "ab") == true)
    }

    @Test func isValid() throws {
        #expect(try callBuiltin("regex.is_valid", 10) == false)
        #expect(try callBuiltin("regex.is_valid", ".+") == true)
        #expect(try callBuiltin("regex.is_valid", "[") == false)
        #expect(try callBuiltin("regex.is_valid", "a(?=b)") == false)
        #expect(try callBuiltin("regex.is_valid", "(a)\\1") == false)
        #expect(try callBuiltin("regex.is_valid", "a**") == false)
    }

    @Test func findN() throws {
        #expect(try callBuiltin("regex.find_n", "a.", "paranormal", -1) == ["ar", "an", "al"])
        #expect(try callBuiltin("regex.find_n", "a.", "paranormal", 2) == ["ar", "an"])
        #expect(try callBuiltin("regex.find_n", "a.", "paranormal", 0) == [])
        #expect(try callBuiltin("regex.find_n", "^a.", "abacadaeaf", -1) == ["ab"])
        #expect(try callBuiltin("regex.find_n", ".$", "abacadaeaf", -1) == ["f"])
        #expect(try callBuiltin("regex.find_n", "[abcdef]{2}", "abacadaeaf", -1) == ["ab", "ac", "ad", "ae", "af"])
        // Go skips an empty match right after a match.
        #expect(try callBuiltin("regex.find_n", "a*", "baaac", -1) == ["", "aaa", ""])
    }

    @Test func findAllStringSubmatch() throws {
        #expect(try callBuiltin("regex.find_all_string_submatch_n", "a(x*)b", "-", -1) == [])
        #expect(try callBuiltin("regex.find_all_string_submatch_n", "a(x*)b", "-ab-", -1) == [["ab", ""]])
        #expect(try callBuiltin("regex.find_all_string_submatch_n", "a(x*)b", "-ab-axb-", -1) == [["ab", ""], ["axb", "x"]])
        #expect(try callBuiltin("regex.find_all_string_submatch_n", "[^aouiye]([aouiye])([^aouiye])?", "somestri", -1)
            == [["som", "o", "m"], ["ri", "i", ""]])
    }

    @Test func split() throws {
        #expect(try callBuiltin("regex.split", "^[a-z]+\\[[0-9]+\\]$", "") == [""])
        #expect(try callBuiltin("regex.split", "^[a-z]+", "foobar baz") == ["", " baz"])
        #expect(try callBuiltin("regex.split", "[a-z]+$", "foobar baz") == ["foobar ", ""])
        #expect(try callBuiltin("regex.split", "^[a-z]+$", "foobar baz") == ["foobar baz"])
        #expect(try callBuiltin("regex.split", "^[a-z ]+$", "foobar baz") == ["", ""])
    }

    @Test func replace() throws {
        #expect(try callBuiltin("regex.replace", "-wy-wxxy-", "w(x*)y", "0") == "-0-0-")
        #expect(try callBuiltin("regex.replace", "foo", "(foo)", "$1$1") == "foofoo")
        #expect(builtinError("regex.replace", "foo", "[", "$1")?.kind == .builtin)
        #expect(try callBuiltin("regex.replace", "foo", "^[a-z]", "F") == "Foo")
        #expect(try callBuiltin("regex.replace", "foo", "^[a-z]$", "F") == "foo")
        #expect(try callBuiltin("regex.replace", "foo", "^[a-z]+$", "M") == "M")
        #expect(try callBuiltin("regex.replace", "foo", "[a-z]$", "F") == "foF")
        #expect(try callBuiltin("regex.replace", "foo bar", "[a-z]", "_") == "___ ___")
        #expect(try callBuiltin("regex.replace", "foo barx", "[a-z]{3}", "_") == "_ _x")
        #expect(try callBuiltin("regex.replace", "foo barx", "[a-z]{2}", "_") == "_o __")
        #expect(try callBuiltin("regex.replace", "ab", "(?P<first>a)", "${first}$$") == "a$b")
        #expect(try callBuiltin("regex.replace", "ab", "(a)", "$1x") == "b")
    }

    @Test func templateMatch() throws {
        #expect(try callBuiltin("regex.template_match", "urn:foo:<.*>", "urn:foo:bar:baz", "<", ">") == true)
        #expect(try callBuiltin("regex.template_match", "urn:foo.bar:<[0-9]+>", "urn:fooxbar:12", "<", ">") == false)
        #expect(builtinError("regex.template_match", "urn:<.*", "urn:x", "<", ">")?.kind == .builtin)
    }
}
