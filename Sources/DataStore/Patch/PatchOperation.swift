import RegoValue

/// One RFC 6902 JSON Patch operation; paths are JSON Pointers relative to the patched document.
public enum PatchOperation: Sendable, Equatable {
    case add(path: String, value: Value)
    case remove(path: String)
    case replace(path: String, value: Value)
    case move(from: String, path: String)
    case copy(from: String, path: String)
    case test(path: String, value: Value)

    /// The operation's name as it appears in the `op` member.
    public var name: String {
        switch self {
        case .add: "add"
        case .remove: "remove"
        case .replace: "replace"
        case .move: "move"
        case .copy: "copy"
        case .test: "test"
        }
    }

    /// The target pointer (`path` member).
    public var path: String {
        switch self {
        case .add(let path, _), .remove(let path), .replace(let path, _), .move(_, let path),
             .copy(_, let path), .test(let path, _):
            path
        }
    }

    /// Reads one operation object (`{"op": "add", "path": "/a", "value": 1}`); `index` is its
    /// position in the patch, for the error.
    public init(parsing value: Value, index: Int) throws(StoreError) {
        guard case .object(let object) = value else {
            throw .badPatch(index: index, path: "", message: "an operation must be an object, not a \(value.typeName)")
        }
        func string(_ key: String) throws(StoreError) -> String {
            guard let member = object[key] else {
                throw .badPatch(index: index, path: object["path"]?.stringValue ?? "", message: "the \"\(key)\" member is missing")
            }
            guard case .string(let text) = member else {
                throw .badPatch(index: index, path: object["path"]?.stringValue ?? "", message: "the \"\(key)\" member must be a string")
            }
            return text
        }
        let op = try string("op")
        let path = try string("path")
        func operand() throws(StoreError) -> Value {
            guard let operand = object["value"] else {
                throw .badPatch(index: index, path: path, message: "\"\(op)\" needs a \"value\" member")
            }
            return operand
        }
        switch op {
        case "add": self = .add(path: path, value: try operand())
        case "remove": self = .remove(path: path)
        case "replace": self = .replace(path: path, value: try operand())
        case "move": self = .move(from: try string("from"), path: path)
        case "copy": self = .copy(from: try string("from"), path: path)
        case "test": self = .test(path: path, value: try operand())
        default:
            throw .badPatch(index: index, path: path, message: "unknown op \"\(op)\"; use add, remove, replace, move, copy or test")
        }
    }
}
