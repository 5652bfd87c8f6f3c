import RegoValue

/// `strings.render_template(template, vars)`: Go's `text/template` over a JSON value, as OPA renders
/// it: `{{.name}}`, `{{.a.b}}`, `{{.}}`, variables (`$x`, `{{$x := …}}`), `{{if}}`/`{{else if}}`/
/// `{{else}}`, `{{range}}` (with `$i, $v :=`, and `{{else}}` for an empty range), `{{with}}`,
/// pipelines (`|`), comments (`{{/* … */}}`), the trim markers `{{-` and `-}}`, and the functions
/// `and`, `or`, `not`, `len`, `index`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `print`, `printf` and
/// `println`. A key the variables lack renders as `<undefined>`. Values print as Go prints them
/// (`[a b]`, `map[k:v]`).
struct GoTemplate {
    indirect enum Node {
        case text(String)
        case action(Pipeline)
        case `if`(Pipeline, [Node], [Node])
        case range(Pipeline, [Node], [Node])
        case with(Pipeline, [Node], [Node])
    }

    struct Pipeline {
        /// `$x :=` (or, with `assigns`, `$x =`) before the commands.
        var declarations: [String] = []
        var assigns = false
        var commands: [[Operand]] = []
    }

    indirect enum Operand {
        case field(base: String?, path: [String])   // base nil: the dot; "$x": a variable
        case literal(Value)
        case function(String)
        case pipeline(Pipeline)
    }

    let nodes: [Node]

    static let undefined = "<undefined>"

    // MARK: - Parsing

    init(_ text: String) throws(BuiltinError) {
        var tokens = try Self.split(text)[...]
        var parser = Parser()
        nodes = try parser.list(&tokens, until: [])
    }

    /// The template's text and actions, trim markers applied.
    enum Piece { case text(String), action(String) }

    static func split(_ text: String) throws(BuiltinError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            var literal = String(rest[..<open.lowerBound])
            var inner = rest[open.upperBound...]
            if inner.hasPrefix("- ") || inner.hasPrefix("-\t") || inner.hasPrefix("-\n") {
                while let last = literal.last, last.isWhitespace { literal.removeLast() }
                inner = inner.dropFirst(2)
            }
            guard let close = inner.range(of: "}}") else { throw .builtin("template: unclosed action (a `{{` without `}}`)") }
            var action = inner[..<close.lowerBound]
            var after = inner[close.upperBound...]
            if action.hasSuffix(" -") || action.hasSuffix("\t-") || action.hasSuffix("\n-") {
                action = action.dropLast(2)
                after = after.drop(while: { $0.isWhitespace })
            }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            let trimmed = action.trimmingWhitespace
            if !(trimmed.hasPrefix("/*") && trimmed.hasSuffix("*/")) { pieces.append(.action(trimmed)) }
            rest = after
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    struct Parser {
        /// Nodes up to one of the `until` keywords (which is left first in `tokens`).
        mutating func list(_ pieces: inout ArraySlice<Piece>, until: Set<String>, in opener: String = "") throws(BuiltinError) -> [Node] {
            var out: [Node] = []
            while let piece = pieces.first {
                switch piece {
                case .text(let text):
                    pieces.removeFirst()
                    out.append(.text(text))
                case .action(let action):
                    let keyword = String(action.prefix { $0.isLetter })
                    if until.contains(keyword) { return out }
                    pieces.removeFirst()
                    switch keyword {
                    case "if", "range", "with":
                        out.append(try conditional(keyword, String(action.dropFirst(keyword.count)), &pieces))
                    case "end", "else":
                        throw .builtin("template: unexpected {{\(keyword)}}")
                    case "define", "template", "block", "break", "continue":
                        throw .builtin("template: {{\(keyword)}} is not supported in strings.render_template")
                    default:
                        out.append(.action(try parsePipeline(action)))
                    }
                }
            }
            if !until.isEmpty { throw .builtin("template: {{\(opener)}} without {{end}}") }
            return out
        }

        /// An `if`, `range` or `with` from after its opening action through its `{{end}}`; an
        /// `{{else if …}}` (or `{{else with …}}`) opens a nested one that shares that `{{end}}`.
        mutating func conditional(_ keyword: String, _ source: String, _ pieces: inout ArraySlice<Piece>) throws(BuiltinError) -> Node {
            let pipeline = try parsePipeline(source)
            let body = try list(&pieces, until: ["else", "end"], in: keyword)
            guard case .action(let next)? = pieces.first else { throw .builtin("template: {{\(keyword)}} without {{end}}") }
            pieces.removeFirst()
            var otherwise: [Node] = []
            if next.hasPrefix("else") {
                let chained = next.dropFirst(4).trimmingWhitespace
                if keyword != "range", chained.hasPrefix("if ") || chained.hasPrefix("with ") {
                    let nested = String(chained.prefix { $0.isLetter })
                    otherwise = [try conditional(nested, String(chained.dropFirst(nested.count)), &pieces)]
                } else {
                    otherwise = try list(&pieces, until: ["end"], in: keyword)
                    guard case .action(let end)? = pieces.first, end == "end" else { throw .builtin("template: {{\(keyword)}} without {{end}}") }
                    pieces.removeFirst()
                }
            }
            switch keyword {
            case "if": return .if(pipeline, body, otherwise)
            case "range": return .range(pipeline, body, otherwise)
            default: return .with(pipeline, body, otherwise)
            }
        }

        func parsePipeline(_ source: String) throws(BuiltinError) -> Pipeline {
            var lexer = Lexer(Array(source.unicodeScalars))
            let tokens = try lexer.tokens()
            var index = 0
            return try pipeline(tokens, &index, closing: nil)
        }

        func pipeline(_ tokens: [String], _ index: inout Int, closing: String?) throws(BuiltinError) -> Pipeline {
            var result = Pipeline()
            // `$a, $b :=` or `$a :=`
            var look = index
            var names: [String] = []
            while look < tokens.count, tokens[look].hasPrefix("$") {
                names.append(tokens[look])
                look += 1
                if look < tokens.count, tokens[look] == "," { look += 1; continue }
                break
            }
            if !names.isEmpty, look < tokens.count, tokens[look] == ":=" || tokens[look] == "=" {
                result.declarations = names
                result.assigns = tokens[look] == "="
                index = look + 1
            }
            var command: [Operand] = []
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                if let closing, token == closing { break }
                switch token {
                case "|":
                    guard !command.isEmpty else { throw .builtin("template: missing command before `|`") }
                    result.commands.append(command)
                    command = []
                case "(":
                    command.append(.pipeline(try pipeline(tokens, &index, closing: ")")))
                default:
                    command.append(try operand(token))
                }
            }
            if !command.isEmpty { result.commands.append(command) }
            guard !result.commands.isEmpty else { throw .builtin("template: missing value in an action") }
            return result
        }

        func operand(_ token: String) throws(BuiltinError) -> Operand {
            if token == "." { return .field(base: nil, path: []) }
            if token.hasPrefix(".") { return .field(base: nil, path: token.dropFirst().split(separator: ".").map(String.init)) }
            if token.hasPrefix("$") {
                let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                return .field(base: parts[0], path: Array(parts.dropFirst()))
            }
            if token.hasPrefix("\"") || token.hasPrefix("`") {
                if token.hasPrefix("`") { return .literal(.string(String(token.dropFirst().dropLast()))) }
                guard case .string(let s)? = try? JSONReader.parse(token) else { throw .builtin("template: bad string \(token)") }
                return .literal(.string(s))
            }
            switch token {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "nil": return .literal(.null)
            default: break
            }
            if let first = token.unicodeScalars.first, first == "-" || first == "+" || ("0"..."9").contains(first) {
                guard let number = try? JSONReader.parse(token) else { throw .builtin("template: bad number \(token)") }
                return .literal(number)
            }
            guard GoTemplate.functions.contains(token) else {
                throw .builtin("template: function \"\(token)\" not defined (strings.render_template knows \(GoTemplate.functions.sorted().joined(separator: ", ")))")
            }
            return .function(token)
        }
    }

    /// Splits an action into tokens: fields and variables with their dotted paths, strings,
    /// numbers, names, and `:=`, `=`, `,`, `|`, `(`, `)`.
    struct Lexer {
        let scalars: [Unicode.Scalar]
        var index = 0
        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func tokens() throws(BuiltinError) -> [String] {
            var out: [String] = []
            while index < scalars.count {
                let c = scalars[index]
                if c == " " || c == "\t" || c == "\n" || c == "\r" { index += 1; continue }
                if c == "\"" || c == "`" {
                    let start = index
                    index += 1
                    while index < scalars.count, scalars[index] != c {
                        if c == "\"", scalars[index] == "\\" { index += 1 }
                        index += 1
                    }
                    guard index < scalars.count else { throw .builtin("template: unterminated string") }
                    index += 1
                    out.append(String(String.UnicodeScalarView(scalars[start..<index])))
                    continue
                }
                if c == ":" && index + 1 < scalars.count && scalars[index + 1] == "=" { out.append(":="); index += 2; continue }
                if "=,|()".unicodeScalars.contains(c) { out.append(String(c)); index += 1; continue }
                let start = index
                while index < scalars.count, !" \t\n\r,|()=".unicodeScalars.contains(scalars[index]),
                      !(scalars[index] == ":" && index + 1 < scalars.count && scalars[index + 1] == "=") {
                    index += 1
                }
                out.append(String(String.UnicodeScalarView(scalars[start..<index])))
            }
            return out
        }
    }

    static let functions: Set<String> = ["and", "or", "not", "len", "index", "eq", "ne", "lt", "le", "gt", "ge", "print", "printf", "println"]
}

// MARK: - Rendering

extension GoTemplate {
    /// Variables in scope, innermost last; nil is "no value" (a key the data lacks).
    typealias Variables = [[String: Value?]]

    func render(_ data: Value) throws(BuiltinError) -> String {
        var out = ""
        var variables: Variables = [["$": data]]
        try run(nodes, dot: data, &variables, into: &out)
        return out
    }

    private func run(_ nodes: [Node], dot: Value?, _ variables: inout Variables, into out: inout String) throws(BuiltinError) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .action(let pipeline):
                let value = try evaluate(pipeline, dot: dot, variables)
                if pipeline.declarations.isEmpty {
                    out += Self.text(value)
                } else {
                    for name in pipeline.declarations { try assign(name, value, &variables, declaring: !pipeline.assigns) }
                }
            case .if(let pipeline, let body, let otherwise):
                variables.append([:])
                let condition = try evaluate(pipeline, dot: dot, variables)
                try run(Self.truth(condition) ? body : otherwise, dot: dot, &variables, into: &out)
                variables.removeLast()
            case .with(let pipeline, let body, let otherwise):
                variables.append([:])
                let value = try evaluate(pipeline, dot: dot, variables)
                if Self.truth(value) { try run(body, dot: value, &variables, into: &out) } else { try run(otherwise, dot: dot, &variables, into: &out) }
                variables.removeLast()
            case .range(let pipeline, let body, let otherwise):
                let items: [(Value, Value)]
                switch try evaluate(Pipeline(commands: pipeline.commands), dot: dot, variables) {
                case .array(let elements)?: items = elements.enumerated().map { (.number(.int($0.offset)), $0.element) }
                case .set(let elements)?: items = elements.elements.enumerated().map { (.number(.int($0.offset)), $0.element) }
                case .object(let object)?: items = zip(object.keys, object.values).map { ($0, $1) }
                case nil, .null?: items = []
                case let other?: throw .builtin("template: range can't iterate over \(Self.text(other))")
                }
                if items.isEmpty { try run(otherwise, dot: dot, &variables, into: &out); continue }
                for (key, element) in items {
                    variables.append([:])
                    switch pipeline.declarations.count {
                    case 0: break
                    case 1: variables[variables.count - 1][pipeline.declarations[0]] = element
                    default:
                        variables[variables.count - 1][pipeline.declarations[0]] = key
                        variables[variables.count - 1][pipeline.declarations[1]] = element
                    }
                    try run(body, dot: element, &variables, into: &out)
                    variables.removeLast()
                }
            }
        }
    }

    private func assign(_ name: String, _ value: Value?, _ variables: inout Variables, declaring: Bool) throws(BuiltinError) {
        if declaring { variables[variables.count - 1][name] = value; return }
        guard let scope = variables.lastIndex(where: { $0.keys.contains(name) }) else { throw .builtin("template: undefined variable \(name)") }
        variables[scope][name] = value
    }

    private func evaluate(_ pipeline: Pipeline, dot: Value?, _ variables: Variables) throws(BuiltinError) -> Value? {
        var piped: Value??
        for command in pipeline.commands {
            guard let first = command.first else { continue }
            if case .function(let name) = first {
                var arguments: [Value?] = []
                for operand in command.dropFirst() { arguments.append(try value(of: operand, dot: dot, variables)) }
                if let piped { arguments.append(piped) }
                piped = .some(try call(name, arguments))
            } else {
                guard command.count == 1, piped == nil else {
                    throw .builtin("template: can't give an argument to a non-function (\(command.count > 1 ? "several values in one command" : "a value piped into a value"))")
                }
                piped = .some(try value(of: first, dot: dot, variables))
            }
        }
        return piped ?? nil
    }

    private func value(of operand: Operand, dot: Value?, _ variables: Variables) throws(BuiltinError) -> Value? {
        switch operand {
        case .literal(let value): return value
        case .pipeline(let pipeline): return try evaluate(pipeline, dot: dot, variables)
        case .function(let name): return try call(name, [])
        case .field(let base, let path):
            var current: Value?
            if let base {
                guard let scope = variables.last(where: { $0.keys.contains(base) }) else { throw .builtin("template: undefined variable \(base)") }
                current = scope[base] ?? nil
            } else {
                current = dot
            }
            for key in path {
                guard let value = current else { return nil }
                guard case .object(let object) = value else {
                    throw .builtin("template: can't evaluate field \(key) in \(Self.text(value)), which is not an object")
                }
                current = object[.string(key)]
            }
            return current
        }
    }

    // MARK: - Functions

    private func call(_ name: String, _ arguments: [Value?]) throws(BuiltinError) -> Value? {
        func argument(_ i: Int) throws(BuiltinError) -> Value? {
            guard i < arguments.count else { throw .builtin("template: wrong number of arguments to \(name): \(arguments.count)") }
            return arguments[i]
        }
        switch name {
        case "and":
            for a in arguments where !Self.truth(a) { return a }
            return arguments.last ?? nil
        case "or":
            for a in arguments where Self.truth(a) { return a }
            return arguments.last ?? nil
        case "not":
            return .bool(!Self.truth(try argument(0)))
        case "len":
            switch try argument(0) {
            case .string(let s)?: return .number(.int(s.utf8.count))
            case .array(let a)?: return .number(.int(a.count))
            case .object(let o)?: return .number(.int(o.count))
            case .set(let s)?: return .number(.int(s.count))
            case let other: throw .builtin("template: len of \(Self.text(other))")
            }
        case "index":
            var current = try argument(0)
            for key in arguments.dropFirst() {
                switch (current, key) {
                case (.object(let o)?, let k?): current = o[k]
                case (.array(let a)?, .number(let n)?):
                    let i = Int(n.doubleValue)
                    guard i >= 0, i < a.count else { throw .builtin("template: index out of range: \(i)") }
                    current = a[i]
                default: throw .builtin("template: can't index \(Self.text(current)) with \(Self.text(key))")
                }
            }
            return current
        case "eq":
            let first = try argument(0)
            return .bool(arguments.dropFirst().contains { $0 == first })
        case "ne":
            return .bool(try argument(0) != (try argument(1)))
        case "lt", "le", "gt", "ge":
            guard let a = try argument(0), let b = try argument(1) else { throw .builtin("template: \(name) of a missing value") }
            let order: Int
            switch (a, b) {
            case (.number(let x), .number(let y)): order = x.doubleValue < y.doubleValue ? -1 : (x.doubleValue > y.doubleValue ? 1 : 0)
            case (.string(let x), .string(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            default: throw .builtin("template: \(name) compares numbers or strings, not \(a.typeName) and \(b.typeName)")
            }
            switch name {
            case "lt": return .bool(order < 0)
            case "le": return .bool(order <= 0)
            case "gt": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "print", "println":
            var text = ""
            for (i, a) in arguments.enumerated() {
                if i > 0, name == "println" || !(Self.isString(arguments[i - 1]) || Self.isString(a)) { text += " " }
                text += Self.text(a)
            }
            return .string(name == "println" ? text + "\n" : text)
        case "printf":
            guard case .string(let format)? = try argument(0) else { throw .builtin("template: printf's first argument must be a format string") }
            return .string(GoFormatter.sprintf(format, arguments.dropFirst().map { SprintfBuiltins.goArgument($0 ?? .null) }))
        default:
            throw .builtin("template: function \"\(name)\" not defined")
        }
    }

    private static func isString(_ value: Value?) -> Bool { if case .string? = value { return true }; return false }

    /// Go's truth: false, 0, null, empty strings and collections, and no value are false.
    static func truth(_ value: Value?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .number(let n)?: return n.doubleValue != 0
        case .string(let s)?: return !s.isEmpty
        case .array(let a)?: return !a.isEmpty
        case .object(let o)?: return o.count > 0
        case .set(let s)?: return !s.isEmpty
        }
    }

    /// A value as Go prints it (`%v`): strings as they are, `[a b]`, `map[k:v]`, `<nil>`.
    static func text(_ value: Value?) -> String {
        switch value {
        case nil: return undefined
        case .null?: return "<nil>"
        case .bool(let b)?: return b ? "true" : "false"
        case .string(let s)?: return s
        case .number(let n)?:
            if case .double(let d) = n { return GoFormatter.sprintf("%v", [.float(d)]) }
            return Value.number(n).jsonText
        case .array(let items)?: return "[" + items.map { text($0) }.joined(separator: " ") + "]"
        case .set(let items)?: return "[" + items.elements.map { text($0) }.joined(separator: " ") + "]"
        case .object(let object)?:
            return "map[" + zip(object.keys, object.values).map { "\(text($0)):\(text($1))" }.joined(separator: " ") + "]"
        }
    }
}

/// `strings.render_template`.
enum TemplateBuiltins {
    static let all: [Builtin] = [
        Builtin("strings.render_template", [.string, .object], .string, category: "strings") { args throws(BuiltinError) in
            .string(try GoTemplate(try args.string(0)).render(args[1]))
        },
    ]
}
