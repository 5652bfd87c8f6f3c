import RegoValue
import Yams

/// Reads a YAML data file into a `Value` the way OPA does (as if converted to JSON): YAML 1.1
/// scalars (`yes`/`no` are booleans), mapping keys become strings, only the first document counts.
enum YAMLReader {
    /// Deeper nesting than this is refused rather than recursed into.
    static let maxDepth = 512

    /// Parses `text`; errors carry the line and column libyaml reports, and `path` for the message.
    static func parse(_ text: String, path: String) throws(FileError) -> Value {
        let first: Node?
        do {
            var documents = try Yams.compose_all(yaml: text)
            first = documents.next()
            if let error = documents.error { throw error }
        } catch let error as YamlError {
            throw describe(error, path: path)
        } catch {
            throw FileError(path: path, message: "invalid YAML: \(error)")
        }
        guard let first else { return .null }
        return try value(of: first, depth: 0, path: path)
    }

    private static func value(of node: Node, depth: Int, path: String) throws(FileError) -> Value {
        guard depth < maxDepth else {
            throw failure(node, path: path, "YAML nested more than \(maxDepth) levels deep")
        }
        switch node {
        case .scalar(let scalar):
            return scalarValue(node, text: scalar.string)
        case .sequence(let sequence):
            var elements: [Value] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence { elements.append(try value(of: element, depth: depth + 1, path: path)) }
            return .array(elements)
        case .mapping(let mapping):
            var pairs: [(Value, Value)] = []
            for (key, element) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw failure(key, path: path, "a mapping key must be a plain scalar to become a JSON object key")
                }
                let keyValue = scalarValue(key, text: keyScalar.string)
                // JSON object keys are strings: non-string scalars keep their canonical text.
                let keyText = keyValue.stringValue ?? keyValue.jsonText
                pairs.append((.string(keyText), try value(of: element, depth: depth + 1, path: path)))
            }
            return .object(RegoObject(pairs))
        case .alias:
            throw failure(node, path: path, "YAML alias could not be resolved")
        }
    }

    /// A scalar's JSON value from its resolved tag; anything unrecognised stays a string.
    private static func scalarValue(_ node: Node, text: String) -> Value {
        switch node.tag.description {
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            return node.bool.map(Value.bool) ?? .string(text)
        case Tag.Name.int.rawValue:
            if let integer = node.int { return .int(integer) }
            return Number(text: text).map(Value.number) ?? .string(text)
        case Tag.Name.float.rawValue:
            // .inf and .nan have no JSON form: keep their text rather than invent a number.
            guard let double = node.float, double.isFinite else { return .string(text) }
            return .number(Number(text: text) ?? Number(double))
        default:
            return .string(text)
        }
    }

    private static func failure(_ node: Node, path: String, _ message: String) -> FileError {
        FileError(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }

    private static func describe(_ error: YamlError, path: String) -> FileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            FileError(path: path, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            FileError(path: path, line: context.mark.line, column: context.mark.column,
                      message: "invalid YAML: duplicate keys \(duplicates.joined(separator: ", ")) in one mapping")
        default:
            FileError(path: path, message: "invalid YAML: \(error)")
        }
    }
}
