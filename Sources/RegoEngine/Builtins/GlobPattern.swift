import Foundation

/// A compiled glob (gobwas/glob syntax, as OPA's `glob.match` uses): `*` matches within a
/// segment, `**` across separators, `?` one non-separator rune, `[abc]`, `[a-z]`, `[!…]` one rune,
/// `{a,b}` alternatives, `\` escapes. Translated to an anchored `NSRegularExpression`.
final class GlobPattern {
    struct Failure: Error {
        let message: String
    }

    let regex: NSRegularExpression

    init(_ pattern: String, separators: [Unicode.Scalar]) throws(BuiltinError) {
        var parser = Parser(p: Array(pattern.unicodeScalars), separators: separators)
        do {
            let body = try parser.sequence(inTerms: false)
            guard parser.i == parser.p.count else { throw Failure(message: "unexpected end of terms") }
            regex = try NSRegularExpression(pattern: "^(?:" + body + ")\\z", options: [.dotMatchesLineSeparators])
        } catch let failure as Failure {
            throw .builtin(failure.message)
        } catch {
            throw .builtin("invalid glob pattern")
        }
    }

    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, options: [], range: NSRange(location: 0, length: s.utf16.count)) != nil
    }

    /// ICU text matching exactly the rune `c`.
    static func literal(_ c: Unicode.Scalar) -> String { "\\x{" + String(c.value, radix: 16) + "}" }

    private struct Parser {
        let p: [Unicode.Scalar]
        let separators: [Unicode.Scalar]
        var i = 0

        /// Any rune except a separator.
        var nonSeparator: String {
            separators.isEmpty ? "." : "[^" + separators.map(GlobPattern.literal).joined() + "]"
        }

        /// Parses up to the end, or (inside `{…}`) up to an unnested `,` or `}`.
        mutating func sequence(inTerms: Bool) throws(Failure) -> String {
            var out = ""
            while i < p.count {
                let c = p[i]
                switch c {
                case "," where inTerms, "}" where inTerms:
                    return out
                case "\\":
                    guard i + 1 < p.count else { throw Failure(message: "unexpected end of input after escape") }
                    out += GlobPattern.literal(p[i + 1])
                    i += 2
                case "*":
                    if i + 1 < p.count && p[i + 1] == "*" {
                        out += ".*"
                        i += 2
                    } else {
                        out += nonSeparator + "*"
                        i += 1
                    }
                case "?":
                    out += nonSeparator
                    i += 1
                case "[":
                    out += try characterClass()
                case "{":
                    i += 1
                    var alternatives: [String] = []
                    while true {
                        alternatives.append(try sequence(inTerms: true))
                        guard i < p.count else { throw Failure(message: "unexpected end of input in terms") }
                        i += 1
                        if p[i - 1] == "}" { break }
                    }
                    out += "(?:" + alternatives.joined(separator: "|") + ")"
                default:
                    out += GlobPattern.literal(c)
                    i += 1
                }
            }
            return out
        }

        /// `[abc]`, `[a-z]`, `[!abc]`: one rune in (or not in) the list or range.
        mutating func characterClass() throws(Failure) -> String {
            i += 1
            var negated = false
            if i < p.count && p[i] == "!" { negated = true; i += 1 }
            var items = ""
            var count = 0
            while i < p.count && p[i] != "]" {
                var lo = p[i]
                if lo == "\\" && i + 1 < p.count { i += 1; lo = p[i] }
                if i + 2 < p.count && p[i + 1] == "-" && p[i + 2] != "]" {
                    let hi = p[i + 2]
                    guard lo.value <= hi.value else { throw Failure(message: "hi character should be greater than lo character") }
                    items += GlobPattern.literal(lo) + "-" + GlobPattern.literal(hi)
                    i += 3
                } else {
                    items += GlobPattern.literal(lo)
                    i += 1
                }
                count += 1
            }
            guard i < p.count, count > 0 else { throw Failure(message: "unexpected end of input in character class") }
            i += 1
            return (negated ? "[^" : "[") + items + "]"
        }
    }
}
