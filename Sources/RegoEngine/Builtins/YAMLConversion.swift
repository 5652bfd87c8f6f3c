import RegoValue
import Yams

/// Converts between YAML text and `Value`s the way OPA does (through JSON): YAML 1.1 scalars
/// (`yes`/`no` are booleans), mapping keys become strings, the first document is read.
public enum YAMLConversion {
    /// Parses the first document of `text`; an empty document is `null`.
    public static func parse(_ text: String) throws(BuiltinError) -> Value {
        let node: Node?
        do {
            var documents = try Yams.compose_all(yaml: text)
            node = documents.next()
            if let error = documents.error { throw error }
        } catch {
            throw .builtin("yaml: \(error)")
        }
        guard let node else { return .null }
        return try convert(node, depth: 0)
    }

    static let maxDepth = 1000

    private static func convert(_ node: Node, depth: Int) throws(BuiltinError) -> Value {
        guard depth < maxDepth else { throw .builtin("yaml: document nested too deeply") }
        switch node {
        case .scalar(let scalar):
            return try scalarValue(node, scalar)
        case .sequence(let sequence):
            var out: [Value] = []
            for child in sequence { out.append(try convert(child, depth: depth + 1)) }
            return .array(out)
        case .mapping(let mapping):
            var pairs: [(Value, Value)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw .builtin("yaml: mapping keys must be scalars to convert to JSON")
                }
                pairs.append((.string(try keyText(key, keyScalar)), try convert(value, depth: depth + 1)))
            }
            return .object(RegoObject(pairs))
        case .alias:
            throw .builtin("yaml: unresolved alias")
        }
    }

    private static func scalarValue(_ node: Node, _ scalar: Node.Scalar) throws(BuiltinError) -> Value {
        switch node.tag.description {
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            return node.bool.map(Value.bool) ?? .string(scalar.string)
        case Tag.Name.int.rawValue:
            if let i = node.int { return .int(i) }
            if let n = Number(text: scalar.string) { return .number(n) }
            if let d = node.float, d.isFinite { return .double(d) }
            return .string(scalar.string)
        case Tag.Name.float.rawValue:
            guard let d = node.float else { return .string(scalar.string) }
            guard d.isFinite else { throw .builtin("json: unsupported value: \(scalar.string)") }
            return .number(Number(text: scalar.string) ?? Number(d))
        default:
            return .string(scalar.string)
        }
    }

    /// A mapping key as JSON sees it: booleans and nulls in canonical form, other scalars as text.
    private static func keyText(_ node: Node, _ scalar: Node.Scalar) throws(BuiltinError) -> String {
        switch node.tag.description {
        case Tag.Name.null.rawValue: return "null"
        case Tag.Name.bool.rawValue: return node.bool.map { $0 ? "true" : "false" } ?? scalar.string
        case Tag.Name.int.rawValue: return node.int.map(String.init) ?? scalar.string
        default: return scalar.string
        }
    }
}
