import Testing
@testable import RegoEngine
import RegoValue

/// `regex.globs_match`: whether two regex globs share a string.
@Suite struct GlobIntersectionTests {
    static func globsMatch(_ a: String, _ b: String) throws -> Value? {
        try callBuiltin("regex.globs_match", .string(a), .string(b))
    }

    @Test func sharedStringsAreFoundThroughRepetitionsAndSets() throws {
        let cases: [(String, String, Bool)] = [
            ("a*", "aaa", true), ("a*", "", true), ("a+", "", false), ("a+", "a*", true),
            ("a.a.[0-9]+z", ".b.b2359825792*594823z", true),
            ("[a-c]x", "[^a]x", true), ("[a]x", "[^a]x", false), ("[^a-z]", "q", false), ("[^a-z]", "Q", true),
            ("a.b", #"a\.b"#, true), (#"a\.b"#, "axb", false), ("[0-9]+", "12a", false),
            (#"[a-z]+\[[0-9]+\]"#, #"foo["bar"]"#, false), (#"[a-z]+\[[0-9]+\]"#, #"foo\[12\]"#, true), (#"[a-z]+\[[0-9]+\]"#, "foo[12]", false),
            ("x*y*z", "z", true), ("x+y*z", "yz", false), (".*", "anything at all", true), ("ab", "abc", false),
            (#"[\]-]+"#, #"-\]"#, true), ("[a-]", "-", true), ("é+", "éé", true),
        ]
        for (a, b, shared) in cases {
            #expect(try Self.globsMatch(a, b) == .bool(shared), "\(a) and \(b)")
            #expect(try Self.globsMatch(b, a) == .bool(shared), "\(b) and \(a)")
        }
    }

    @Test func aBrokenGlobIsAnErrorNamingWhereAndWhat() {
        let broken: [(String, String)] = [
            ("pqrs]", "input:pqrs], pos:5, set-close ']' with no preceding '['"),
            ("ab[cd", "input:ab[cd, pos:3, set-open '[' with no following ']'"),
            ("*a", "input:*a, pos:1, quantifier '*' with no preceding character"),
            ("a*+", "input:a*+, pos:3, quantifier '+' with no preceding character"),
            (#"a\"#, #"input:a\, pos:2, escape '\' with no following character"#),
            ("[]", "input:[], pos:1, empty set '[]'"),
            ("[z-a]", "input:[z-a], pos:4, range out of order in the set"),
        ]
        for (glob, message) in broken {
            #expect(builtinError("regex.globs_match", .string(glob), "a")?.message == message + ": the input provided is invalid", "\(glob)")
            #expect(builtinError("regex.globs_match", "a", .string(glob))?.message == message + ": the input provided is invalid", "\(glob)")
        }
    }
}
