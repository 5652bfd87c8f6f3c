import RegoValue

/// Writes a `Value` as block YAML in the layout OPA's `yaml.marshal` produces (go-yaml v2):
/// sequences under a key are not indented, empty collections are `[]`/`{}`, strings are quoted
/// only when plain text would read back as something else.
struct YAMLWriter {
    private(set) var text = ""

    static func render(_ value: Value) -> String {
        var writer = YAMLWriter()
        writer.writeDocument(value)
        return writer.text
    }

    private mutating func writeDocument(_ value: Value) {
        switch value {
        case .array(let a) where !a.isEmpty: writeSequence(a, indent: 0)
        case .set(let s) where !s.isEmpty: writeSequence(s.elements, indent: 0)
        case .object(let o) where !o.isEmpty: writeMapping(o, indent: 0)
        default: text += Self.inline(value) + "\n"
        }
    }

    private mutating func writeSequence(_ elements: [Value], indent: Int) {
        let pad = String(repeating: " ", count: indent)
        for element in elements {
            text += pad + "-"
            switch element {
            case .array(let a) where !a.isEmpty:
                text += " "
                writeSequence(a, indent: indent + 2, firstInline: true)
            case .set(let s) where !s.isEmpty:
                text += " "
                writeSequence(s.elements, indent: indent + 2, firstInline: true)
            case .object(let o) where !o.isEmpty:
                text += " "
                writeMapping(o, indent: indent + 2, firstInline: true)
            default:
                text += " " + Self.inline(element) + "\n"
            }
        }
    }

    /// Writes a nested collection whose first line continues the current (`- `) line.
    private mutating func writeSequence(_ elements: [Value], indent: Int, firstInline: Bool) {
        let start = text.endIndex
        writeSequence(elements, indent: indent)
        text.removeSubrange(start..<text.index(start, offsetBy: indent))
    }

    private mutating func writeMapping(_ object: RegoObject, indent: Int, firstInline: Bool) {
        let start = text.endIndex
        writeMapping(object, indent: indent)
        text.removeSubrange(start..<text.index(start, offsetBy: indent))
    }

    private mutating func writeMapping(_ object: RegoObject, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        var entries: [(String, Value)] = []
        for (key, value) in object { entries.append((key.stringValue ?? key.jsonText, value)) }
        entries.sort { compareUTF8($0.0, $1.0) < 0 }
        for (key, value) in entries {
            text += pad + Self.scalarString(key) + ":"
            switch value {
            case .array(let a) where !a.isEmpty:
                text += "\n"
                writeSequence(a, indent: indent)
            case .set(let s) where !s.isEmpty:
                text += "\n"
                writeSequence(s.elements, indent: indent)
            case .object(let o) where !o.isEmpty:
                text += "\n"
                writeMapping(o, indent: indent + 2)
            default:
                text += " " + Self.inline(value) + "\n"
            }
        }
    }

    /// A scalar or empty collection on one line.
    static func inline(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.jsonText
        case .string(let s): scalarString(s)
        case .array, .set: "[]"
        case .object: "{}"
        }
    }

    /// Plain when safe; single-quoted when plain is not allowed by YAML syntax; double-quoted
    /// when plain text would read back as another type or the string has control characters.
    static func scalarString(_ s: String) -> String {
        if readsAsNonString(s) || s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return Value.string(s).jsonText
        }
        if plainAllowed(s) { return s }
        return "'" + s.replacing("'", with: "''") + "'"
    }

    private static let specialWords: Set<String> = [
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN", "<<",
    ]

    /// Whether YAML 1.1 would read the plain text as null, a boolean or a number.
    static func readsAsNonString(_ s: String) -> Bool {
        if specialWords.contains(s) { return true }
        let cleaned = s.replacing("_", with: "")
        guard let first = cleaned.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else { return false }
        if Double(cleaned) != nil || Int(cleaned) != nil { return true }
        let body = cleaned.hasPrefix("-") || cleaned.hasPrefix("+") ? String(cleaned.dropFirst()) : cleaned
        if body.hasPrefix("0x"), Int(body.dropFirst(2), radix: 16) != nil { return true }
        if body.hasPrefix("0b"), Int(body.dropFirst(2), radix: 2) != nil { return true }
        // Sexagesimal numbers (`1:30`) are numbers in YAML 1.1.
        if body.contains(":"), body.split(separator: ":").allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { return true }
        return false
    }

    /// libyaml's rules for a plain scalar in block context.
    static func plainAllowed(_ s: String) -> Bool {
        let chars = Array(s.unicodeScalars)
        guard let first = chars.first, let last = chars.last else { return false }
        if first == " " || last == " " { return false }
        if s.hasPrefix("---") || s.hasPrefix("...") { return false }
        if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        let followedBySpace = chars.count == 1 || chars[1] == " "
        if (first == "-" || first == "?" || first == ":") && followedBySpace { return false }
        for i in 0..<chars.count {
            if chars[i] == ":" && (i + 1 == chars.count || chars[i + 1] == " ") { return false }
            if chars[i] == "#" && i > 0 && chars[i - 1] == " " { return false }
        }
        return true
    }
}
