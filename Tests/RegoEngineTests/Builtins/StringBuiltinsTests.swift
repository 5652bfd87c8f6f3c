import Testing
@testable import RegoEngine
import RegoValue

/// Expectations from the OPA conformance cases (strings, trim*, replacen) and OPA's docs.
@Suite struct StringBuiltinsTests {
    @Test func concatJoinsArraysAndSets() throws {
        #expect(try callBuiltin("concat", "/", ["", "foo", "bar", "0", "baz"]) == "/foo/bar/0/baz")
        #expect(try callBuiltin("concat", ",", .set(RegoSet(["1", "2", "3"]))) == "1,2,3")
        #expect(builtinError("concat", ",", [1])?.message == "operand 2 must be array of strings but got array containing number")
        #expect(builtinError("concat", ",", 1)?.message == "operand 2 must be one of {set, array} but got number")
    }

    @Test func searchBuiltins() throws {
        #expect(try callBuiltin("contains", "abcdefgh", "ac") == false)
        #expect(try callBuiltin("contains", "abcdefgh", "cde") == true)
        #expect(try callBuiltin("startswith", "abcdefgh", "abcd") == true)
        #expect(try callBuiltin("startswith", "abcdefgh", "bcd") == false)
        #expect(try callBuiltin("endswith", "abcdefgh", "fgh") == true)
        #expect(try callBuiltin("endswith", "abcdefgh", "fg") == false)
    }

    @Test func indexofCountsCodePoints() throws {
        #expect(try callBuiltin("indexof", "abcdefgh", "xyz") == -1)
        #expect(try callBuiltin("indexof", "μx", "x") == 1)
        #expect(try callBuiltin("indexof", "μ", "μμ") == -1)
        #expect(try callBuiltin("indexof", "skön var våren", "vår") == 9)
        #expect(try callBuiltin("indexof", "🍧🍨🧁🍰🍮", "🍮") == 4)
        #expect(try callBuiltin("indexof", "🍧🍨🧁🍰🍮", "🍧🍨🧁🍰🍮") == 0)
        #expect(try callBuiltin("indexof_n", "dog cat dog", "dog") == [0, 8])
        #expect(builtinError("indexof", "abc", "")?.kind == .builtin)
    }

    @Test func formatIntTruncates() throws {
        #expect(try callBuiltin("format_int", 15.5, 16) == "f")
        #expect(try callBuiltin("format_int", 3.1, 10) == "3")
        #expect(try callBuiltin("format_int", 4.1, 10) == "4")
        #expect(try callBuiltin("format_int", -255, 2) == "-11111111")
        #expect(try callBuiltin("format_int", 8, 8) == "10")
        #expect(try callBuiltin("format_int", .number(.bigInteger("18446744073709551616")), 16) == "10000000000000000")
        #expect(builtinError("format_int", 1, 3)?.kind == .type)
    }

    @Test func substringUsesCodePoints() throws {
        #expect(try callBuiltin("substring", "abcdefgh", 2, 3) == "cde")
        #expect(try callBuiltin("substring", "åäö", 0, 2) == "åä")
        #expect(try callBuiltin("substring", "abcdefgh", 2, -1) == "cdefgh")
        #expect(try callBuiltin("substring", "aåäö", 2, -1) == "äö")
        #expect(try callBuiltin("substring", "abcdefghåäö", 2, 10000) == "cdefghåäö")
        #expect(try callBuiltin("substring", "åäö", 3, -1) == "")
        #expect(try callBuiltin("substring", "aaa", 4, -1) == "")
        let negative = builtinError("substring", "åäö", -1, -1)
        #expect(negative?.kind == .builtin)
        #expect(negative?.message == "negative offset")
    }

    @Test func caseSplitReplace() throws {
        #expect(try callBuiltin("lower", "AbCdEf") == "abcdef")
        #expect(try callBuiltin("upper", "AbCdEf") == "ABCDEF")
        #expect(try callBuiltin("split", "", ".") == [""])
        #expect(try callBuiltin("split", "test", "") == ["t", "e", "s", "t"])
        #expect(try callBuiltin("split", "", "") == [])
        #expect(try callBuiltin("split", "foo.bar.baz", ".") == ["foo", "bar", "baz"])
        #expect(try callBuiltin("replace", "", "hi", "bye") == "")
        #expect(try callBuiltin("replace", "foo.bar.baz", ".", ",") == "foo,bar,baz")
        #expect(try callBuiltin("replace", "foo...bar", "..", ",,") == "foo,,.bar")
        #expect(try callBuiltin("replace", "abc", "", "-") == "-a-b-c-")
    }

    @Test func replaceNAppliesKeysInOrder() throws {
        let html: Value = ["<": "&lt;", ">": "&gt;"]
        #expect(try callBuiltin("strings.replace_n", html, "This is <b>HTML</b>!") == "This is &lt;b&gt;HTML&lt;/b&gt;!")
        #expect(try callBuiltin("strings.replace_n", ["f": "x", "foo": "xxx"], "foobar") == "xoobar")
        let nonStringKey = Value.object(RegoObject([(Value.int(2), Value.string("x"))]))
        #expect(builtinError("strings.replace_n", nonStringKey, "foo")?.message == "operand 1 non-string key found in pattern object")
        #expect(builtinError("strings.replace_n", ["f": 100], "foo")?.message == "operand 1 non-string value found in pattern object")
        #expect(builtinError("strings.replace_n", ["foo": "baz"], 100)?.message == "operand 2 must be string but got number")
    }

    @Test func countAndReverse() throws {
        #expect(try callBuiltin("strings.count", "cheese", "e") == 3)
        #expect(try callBuiltin("strings.count", "hello hello hello world", "hello") == 3)
        #expect(try callBuiltin("strings.count", "dummy", "x") == 0)
        #expect(try callBuiltin("strings.count", "dummy", "") == 6)
        #expect(try callBuiltin("strings.count", "", "") == 1)
        #expect(try callBuiltin("strings.count", "11111", "11") == 2)
        #expect(try callBuiltin("strings.reverse", "bar") == "rab")
        #expect(try callBuiltin("strings.reverse", "2️⃣") == "⃣️2")
        #expect(try callBuiltin("strings.reverse", "1😀𝛾") == "𝛾😀1")
        #expect(builtinError("strings.reverse", 123)?.message == "operand 1 must be string but got number")
    }

    @Test func anyPrefixAndSuffixMatch() throws {
        #expect(try callBuiltin("strings.any_prefix_match", ["a/b/c", "a/b/d", "e/f/g"], ["a/", "d/"]) == true)
        #expect(try callBuiltin("strings.any_prefix_match", ["a/b/c", "a/b/d", "e/f/g"], ["f/", "d/"]) == false)
        #expect(try callBuiltin("strings.any_prefix_match", ["aa/bb/cc"], ["a/b", "e/f"]) == false)
        #expect(try callBuiltin("strings.any_prefix_match", [], []) == false)
        #expect(try callBuiltin("strings.any_prefix_match", "a/b/c", ["a/", "d/"]) == true)
        #expect(try callBuiltin("strings.any_suffix_match", "a/b/c", ["b/c"]) == true)
        #expect(builtinError("strings.any_prefix_match", [1, 2], ["f/"])?.message
            == "operand 1 must be array of strings but got array containing number")
        #expect(builtinError("strings.any_prefix_match", ["a"], 1)?.message
            == "operand 2 must be one of {string, set, array} but got number")
    }

    @Test func trims() throws {
        #expect(try callBuiltin("trim", "¡¡¡foo, bar!!!", "i") == "¡¡¡foo, bar!!!")
        #expect(try callBuiltin("trim", "...foo.bar...", ".fr") == "oo.ba")
        #expect(try callBuiltin("trim", "...foo.bar...", ".o") == "foo.bar")
        #expect(try callBuiltin("trim_left", "¡¡¡foo, bar!!!", "!¡") == "foo, bar!!!")
        #expect(try callBuiltin("trim_right", "¡¡¡foo, bar!!!", "!¡") == "¡¡¡foo, bar")
        #expect(try callBuiltin("trim_prefix", "¡¡¡foo, bar!!!", "¡¡¡bar") == "¡¡¡foo, bar!!!")
        #expect(try callBuiltin("trim_prefix", "¡¡¡foo, bar!!!", "¡¡¡") == "foo, bar!!!")
        #expect(try callBuiltin("trim_suffix", "¡¡¡foo, bar!!!", ", bar!!!") == "¡¡¡foo")
        #expect(try callBuiltin("trim_space", " \t\n foo, bar \n\t\r\n") == "foo, bar")
    }
}
