import RegoValue

/// `regex.globs_match(a, b)`: whether some string matches both "regex globs" `a` and `b`.
///
/// A glob is a run of tokens, each a character (`a`, or `\.` for a character that is otherwise
/// special), any character (`.`) or a set (`[a-z_]`, `[^0-9]`, with `\` escaping within it), and
/// each optionally followed by `*` (any number of it) or `+` (one or more). Each glob is an automaton
/// with one state per token boundary; the two share a string exactly when their product reaches
/// both ends, a step of it taking a character both sets hold.
enum GlobIntersection {
    /// How many times a token's set is matched.
    enum Repetition { case once, any, oneOrMore }

    struct Token {
        var set: ScalarSet
        var repetition: Repetition
    }

    /// Unicode scalar values as sorted, disjoint, non-adjacent closed ranges.
    struct ScalarSet {
        var ranges: [ClosedRange<UInt32>]

        static let all = ScalarSet(ranges: [0...0x10FFFF])

        init(ranges: [ClosedRange<UInt32>]) {
            var merged: [ClosedRange<UInt32>] = []
            for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }
            self.ranges = merged
        }

        /// Every scalar value these ranges leave out.
        var complement: ScalarSet {
            var gaps: [ClosedRange<UInt32>] = []
            var next: UInt32 = 0
            for range in ranges {
                if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
                next = range.upperBound &+ 1
            }
            if next <= 0x10FFFF { gaps.append(next...0x10FFFF) }
            return ScalarSet(ranges: gaps)
        }

        /// Whether some scalar value is in both sets.
        func meets(_ other: ScalarSet) -> Bool {
            var (i, j) = (0, 0)
            while i < ranges.count, j < other.ranges.count {
                if ranges[i].overlaps(other.ranges[j]) { return true }
                if ranges[i].upperBound < other.ranges[j].upperBound { i += 1 } else { j += 1 }
            }
            return false
        }
    }

    /// Whether some string matches both globs; throws for a glob that is not one.
    static func match(_ a: String, _ b: String) throws(BuiltinError) -> Bool {
        intersect(try tokens(a), try tokens(b))
    }

    /// The tokens of `pattern`, or an error naming the position (counted from 1) of what is wrong.
    static func tokens(_ pattern: String) throws(BuiltinError) -> [Token] {
        let scalars = Array(pattern.unicodeScalars)
        func invalid(_ position: Int, _ reason: String) -> BuiltinError {
            .builtin("input:\(pattern), pos:\(position + 1), \(reason): the input provided is invalid")
        }
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            switch scalar {
            case "*", "+":
                guard let last = tokens.last, last.repetition == .once else {
                    throw invalid(i, "quantifier '\(scalar)' with no preceding character")
                }
                tokens[tokens.count - 1].repetition = scalar == "*" ? .any : .oneOrMore
                i += 1
                continue
            case "]":
                throw invalid(i, "set-close ']' with no preceding '['")
            case ".":
                tokens.append(Token(set: .all, repetition: .once))
                i += 1
            case "\\":
                guard i + 1 < scalars.count else { throw invalid(i, "escape '\\' with no following character") }
                tokens.append(Token(set: ScalarSet(ranges: [scalars[i + 1].value...scalars[i + 1].value]), repetition: .once))
                i += 2
            case "[":
                let (set, end) = try readSet(scalars, from: i, invalid: invalid)
                tokens.append(Token(set: set, repetition: .once))
                i = end
            default:
                tokens.append(Token(set: ScalarSet(ranges: [scalar.value...scalar.value]), repetition: .once))
                i += 1
            }
        }
        return tokens
    }

    /// The set that opens at `scalars[start]` (a `[`) and where reading goes on after it.
    private static func readSet(_ scalars: [Unicode.Scalar], from start: Int,
                                invalid: (Int, String) -> BuiltinError) throws(BuiltinError) -> (ScalarSet, Int) {
        var i = start + 1
        let negated = i < scalars.count && scalars[i] == "^"
        if negated { i += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        func member() throws(BuiltinError) -> UInt32 {
            if scalars[i] == "\\" {
                guard i + 1 < scalars.count else { throw invalid(i, "escape '\\' with no following character") }
                i += 2
                return scalars[i - 1].value
            }
            i += 1
            return scalars[i - 1].value
        }
        while true {
            guard i < scalars.count else { throw invalid(start, "set-open '[' with no following ']'") }
            if scalars[i] == "]" { break }
            let low = try member()
            if i + 1 < scalars.count, scalars[i] == "-", scalars[i + 1] != "]" {
                let at = i + 1
                i += 1
                let high = try member()
                guard low <= high else { throw invalid(at, "range out of order in the set") }
                ranges.append(low...high)
            } else {
                ranges.append(low...low)
            }
        }
        guard !ranges.isEmpty else { throw invalid(start, "empty set '[]'") }
        let set = ScalarSet(ranges: ranges)
        return (negated ? set.complement : set, i + 1)
    }

    /// Whether the automata of `a` and `b` together reach both their ends.
    static func intersect(_ a: [Token], _ b: [Token]) -> Bool {
        /// The states reachable from `state` without reading: past any `*` tokens.
        func closure(_ tokens: [Token], _ state: Int) -> [Int] {
            var states = [state]
            var k = state
            while k < tokens.count, tokens[k].repetition == .any {
                k += 1
                states.append(k)
            }
            return states
        }
        /// Where reading one character of `tokens[state].set` leads from `state`.
        func steps(_ tokens: [Token], _ state: Int) -> [Int] {
            guard state < tokens.count else { return [] }
            switch tokens[state].repetition {
            case .once: return [state + 1]
            case .any: return [state]
            case .oneOrMore: return [state, state + 1]
            }
        }
        let width = b.count + 1
        var seen = Set<Int>()
        var queue = [(0, 0)]
        seen.insert(0)
        while let (i, j) = queue.popLast() {
            for x in closure(a, i) {
                for y in closure(b, j) {
                    if x == a.count && y == b.count { return true }
                    guard x < a.count, y < b.count, a[x].set.meets(b[y].set) else { continue }
                    for nx in steps(a, x) {
                        for ny in steps(b, y) where seen.insert(nx * width + ny).inserted {
                            queue.append((nx, ny))
                        }
                    }
                }
            }
        }
        return false
    }
}
