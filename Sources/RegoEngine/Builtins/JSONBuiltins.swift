import RegoValue

/// JSON and YAML serialization builtins.
enum JSONBuiltins {
    static let all: [Builtin] = [
        Builtin("json.marshal", [.any], .string, category: "encoding") { args throws(BuiltinError) in
            .string(goEscaped(args[0].jsonText))
        },
        Builtin("json.marshal_with_options", [.any, .object], .string, category: "encoding") { args throws(BuiltinError) in
            let options = try args.object(1)
            var prefix = "", indent = "\t", implicitPretty = false
            var explicitPretty: Bool?
            for (key, value) in options {
                guard case .string(let name) = key else {
                    throw .type("operand 2 failed to stringify key \(key.regoText)")
                }
                switch name {
                case "prefix", "indent":
                    guard case .string(let s) = value else {
                        throw .type("operand 2 key \(name) failed cast to string: must be string but got \(value.typeName)")
                    }
                    if name == "prefix" { prefix = s } else { indent = s }
                    implicitPretty = true
                case "pretty":
                    guard case .bool(let b) = value else { throw .type("operand 2 key pretty failed cast to bool") }
                    explicitPretty = b
                default:
                    throw .type("operand 2 object contained unknown key \(key.regoText)")
                }
            }
            guard explicitPretty ?? implicitPretty else { return .string(goEscaped(args[0].jsonText)) }
            var out = prefix
            writeIndented(args[0], prefix: prefix, indent: indent, level: 0, into: &out)
            return .string(out)
        },
        Builtin("json.unmarshal", [.string], .any, category: "encoding") { args throws(BuiltinError) in
            do {
                return try JSONReader.parse(try args.string(0))
            } catch let error as JSONError {
                throw .builtin("json: \(error.message) at line \(error.line), column \(error.column)")
            } catch let error as BuiltinError {
                throw error
            } catch {
                throw .builtin("\(error)")
            }
        },
        Builtin("json.is_valid", [.any], .boolean, category: "encoding") { args throws(BuiltinError) in
            guard case .string(let s) = args[0] else { return .false }
            do { _ = try JSONReader.parse(s) } catch { return .false }
            return .true
        },
        Builtin("yaml.marshal", [.any], .string, category: "encoding") { args throws(BuiltinError) in
            .string(YAMLWriter.render(args[0]))
        },
        Builtin("yaml.unmarshal", [.string], .any, category: "encoding") { args throws(BuiltinError) in
            try YAMLConversion.parse(try args.string(0))
        },
        Builtin("yaml.is_valid", [.any], .boolean, category: "encoding") { args throws(BuiltinError) in
            guard case .string(let s) = args[0] else { return .false }
            do { _ = try YAMLConversion.parse(s) } catch { return .false }
            return .true
        },
    ]

    /// Go's `encoding/json` escapes `<`, `>`, `&`, U+2028 and U+2029 (which only ever occur inside
    /// strings in JSON text), and writes backspace and form feed as `\b` and `\f`.
    static func goEscaped(_ json: String) -> String {
        let scalars = Array(json.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            switch scalar {
            case "<": out.append(contentsOf: "\\u003c".unicodeScalars)
            case ">": out.append(contentsOf: "\\u003e".unicodeScalars)
            case "&": out.append(contentsOf: "\\u0026".unicodeScalars)
            case "\u{2028}": out.append(contentsOf: "\\u2028".unicodeScalars)
            case "\u{2029}": out.append(contentsOf: "\\u2029".unicodeScalars)
            case "\\":
                // An escape sequence: keep it, shortening \u0008 and \u000c to \b and \f.
                let rest = i + 6 <= scalars.count ? String(String.UnicodeScalarView(scalars[(i + 1)..<(i + 6)])) : ""
                if rest == "u0008" || rest == "u000c" {
                    out.append(contentsOf: (rest == "u0008" ? "\\b" : "\\f").unicodeScalars)
                    i += 6
                    continue
                }
                out.append(scalar)
                if i + 1 < scalars.count { out.append(scalars[i + 1]) }
                i += 2
                continue
            default: out.append(scalar)
            }
            i += 1
        }
        return String(out)
    }

    /// Go's `json.MarshalIndent` layout: every line after the first starts with `prefix` and one
    /// `indent` per level; empty collections stay `[]` and `{}`.
    static func writeIndented(_ value: Value, prefix: String, indent: String, level: Int, into out: inout String) {
        func newline(_ depth: Int) {
            out += "\n" + prefix
            for _ in 0..<depth { out += indent }
        }
        switch value {
        case .array, .set:
            let elements = value.arrayValue ?? value.setValue?.elements ?? []
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(level + 1)
                writeIndented(element, prefix: prefix, indent: indent, level: level + 1, into: &out)
            }
            newline(level)
            out += "]"
        case .object(let object):
            if object.isEmpty { out += "{}"; return }
            var entries: [(String, Value)] = []
            for (key, element) in object { entries.append((key.stringValue ?? key.jsonText, element)) }
            entries.sort { compareUTF8($0.0, $1.0) < 0 }
            out += "{"
            for (i, (key, element)) in entries.enumerated() {
                if i > 0 { out += "," }
                newline(level + 1)
                out += goEscaped(Value.string(key).jsonText) + ": "
                writeIndented(element, prefix: prefix, indent: indent, level: level + 1, into: &out)
            }
            newline(level)
            out += "}"
        default:
            out += goEscaped(value.jsonText)
        }
    }
}
