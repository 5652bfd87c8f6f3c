import RegoValue

/// Regular-expression builtins (Go RE2 syntax, run by `NSRegularExpression` through `GoRegex`).
enum RegexBuiltins {
    static let all: [Builtin] = [
        make("regex.match", [.string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let pattern = try args.string(0), s = try args.string(1)
            return .bool(try GoRegex.cached(pattern, in: args.context).matches(s))
        },
        // Deprecated alias of regex.match.
        make("re_match", [.string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let pattern = try args.string(0), s = try args.string(1)
            return .bool(try GoRegex.cached(pattern, in: args.context).matches(s))
        },
        make("regex.is_valid", [.any], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            guard case .string(let pattern) = args[0] else { return .false }
            do { _ = try GoRegex.cached(pattern, in: args.context) } catch { return .false }
            return .true
        },
        make("regex.split", [.string, .string], .array) { (args: Arguments) throws(BuiltinError) -> Value? in
            let pattern = try args.string(0), s = try args.string(1)
            return .array(try GoRegex.cached(pattern, in: args.context).split(s).map { .string($0) })
        },
        make("regex.find_n", [.string, .string, .number], .array) { (args: Arguments) throws(BuiltinError) -> Value? in
            let pattern = try args.string(0), s = try args.string(1), n = try args.int(2)
            let re = try GoRegex.cached(pattern, in: args.context)
            let subject = GoRegex.Subject(s)
            return .array(re.allMatches(subject, limit: n).map { .string(subject.slice($0.range) ?? "") })
        },
        make("regex.find_all_string_submatch_n", [.string, .string, .number], .array) { (args: Arguments) throws(BuiltinError) -> Value? in
            let pattern = try args.string(0), s = try args.string(1), n = try args.int(2)
            let re = try GoRegex.cached(pattern, in: args.context)
            let subject = GoRegex.Subject(s)
            return .array(re.allMatches(subject, limit: n).map { m in
                .array((0..<m.numberOfRanges).map { .string(subject.slice(m.range(at: $0)) ?? "") })
            })
        },
        make("regex.replace", [.string, .string, .string], .string) { (args: Arguments) throws(BuiltinError) -> Value? in
            let s = try args.string(0), pattern = try args.string(1), replacement = try args.string(2)
            return .string(try GoRegex.cached(pattern, in: args.context).replaceAll(s, template: replacement))
        },
        make("regex.globs_match", [.string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            .bool(try GlobIntersection.match(try args.string(0), try args.string(1)))
        },
        make("regex.template_match", [.string, .string, .string, .string], .boolean) { (args: Arguments) throws(BuiltinError) -> Value? in
            let template = try args.string(0), s = try args.string(1)
            let start = try args.string(2), end = try args.string(3)
            guard start.utf8.count == 1, let open = start.utf8.first else {
                throw .builtin("start delimiter has to be exactly one character long but is \(start.utf8.count) long")
            }
            guard end.utf8.count == 1, let close = end.utf8.first else {
                throw .builtin("end delimiter has to be exactly one character long but is \(start.utf8.count) long")
            }
            let pattern = try templatePattern(template, open: open, close: close)
            return .bool(try GoRegex.cached(pattern, in: args.context).matches(s))
        },
    ]

    static func make(_ name: String, _ arguments: [ArgumentType], _ result: ArgumentType,
                     _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name, arguments, result, category: "regex", body: body)
    }

    /// Go's `regexp.QuoteMeta`.
    static func quoteMeta(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(c) { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// The anchored pattern for a template: text outside the delimiters is literal, each
    /// delimited part is a regular expression in its own group.
    static func templatePattern(_ template: String, open: UInt8, close: UInt8) throws(BuiltinError) -> String {
        let bytes = Array(template.utf8)
        var level = 0, startIndex = 0
        var spans: [(Int, Int)] = []
        for (k, b) in bytes.enumerated() {
            if b == open {
                level += 1
                if level == 1 { startIndex = k }
            } else if b == close {
                level -= 1
                if level == 0 { spans.append((startIndex, k + 1)) } else if level < 0 { throw .builtin("unbalanced braces in \"\(template)\"") }
            }
        }
        if level != 0 { throw .builtin("unbalanced braces in \"\(template)\"") }
        var pattern = "^"
        var end = 0
        for (lo, hi) in spans {
            let part = GoStrings.string(bytes[(lo + 1)..<(hi - 1)])
            _ = try GoRegex(pattern: "^" + part + "$")
            pattern += quoteMeta(GoStrings.string(bytes[end..<lo])) + "(" + part + ")"
            end = hi
        }
        return pattern + quoteMeta(GoStrings.string(bytes[end...])) + "$"
    }
}
