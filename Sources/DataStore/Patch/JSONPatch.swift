import RegoValue

/// An RFC 6902 JSON Patch, applied as OPA's `PATCH /v1/data/{path}` applies it: each operation's
/// pointer is relative to the document at the request path (`""` and `"/"` both mean that
/// document), operations run in order, and the patch is all-or-nothing.
///
/// ```swift
/// let patch = try JSONPatch(parsing: try JSONReader.parse(#"[{"op": "add", "path": "/b", "value": 2}]"#))
/// let patched = try patch.apply(to: ["a": 1])   // {"a": 1, "b": 2}
/// ```
public struct JSONPatch: Sendable, Equatable {
    /// The operations, in the order they run.
    public var operations: [PatchOperation]

    /// Wraps operations.
    public init(_ operations: [PatchOperation]) { self.operations = operations }

    /// Reads a patch document: a JSON array of operation objects.
    public init(parsing value: Value) throws(StoreError) {
        guard case .array(let items) = value else {
            throw .badPatch(index: 0, path: "", message: "a JSON Patch must be an array of operations, not a \(value.typeName)")
        }
        var operations: [PatchOperation] = []
        for (index, item) in items.enumerated() { operations.append(try PatchOperation(parsing: item, index: index)) }
        self.operations = operations
    }

    /// Applies every operation to `document` (nil when no document exists at the target) and
    /// returns the result (nil when the patch removed the whole document). Any failing operation
    /// throws `badPatch` naming its index and path, and nothing is applied.
    public func apply(to document: Value?) throws(StoreError) -> Value? {
        var current = document
        for (index, operation) in operations.enumerated() {
            do {
                current = try Self.apply(operation, to: current)
            } catch {
                switch error {
                case .badPatch: throw error
                default: throw .badPatch(index: index, path: operation.path, message: Self.reason(error))
                }
            }
        }
        return current
    }

    private static func apply(_ operation: PatchOperation, to document: Value?) throws(StoreError) -> Value? {
        switch operation {
        case .add(let pointer, let value):
            return try adding(value, at: DataPath(pointer: pointer), to: document)
        case .remove(let pointer):
            return try removing(at: DataPath(pointer: pointer), from: document)
        case .replace(let pointer, let value):
            let path = try DataPath(pointer: pointer)
            guard var target = document else { throw .notFound(path: path.urlPath) }
            if path.isRoot { return value }
            try target.replace(value, at: path)
            return target
        case .move(let from, let pointer):
            let source = try DataPath(pointer: from)
            let destination = try DataPath(pointer: pointer)
            if source != destination && source.contains(destination) {
                throw .conflict(path: destination.urlPath, reason: "a document cannot be moved into one of its own children")
            }
            guard let value = document?.value(at: source) else { throw .notFound(path: source.urlPath) }
            return try adding(value, at: destination, to: removing(at: source, from: document))
        case .copy(let from, let pointer):
            let source = try DataPath(pointer: from)
            guard let value = document?.value(at: source) else { throw .notFound(path: source.urlPath) }
            return try adding(value, at: DataPath(pointer: pointer), to: document)
        case .test(let pointer, let expected):
            let path = try DataPath(pointer: pointer)
            guard let actual = document?.value(at: path) else { throw .notFound(path: path.urlPath) }
            guard actual == expected else {
                throw .conflict(path: path.urlPath, reason: "test failed: expected \(expected.jsonText) but found \(actual.jsonText)")
            }
            return document
        }
    }

    private static func adding(_ value: Value, at path: DataPath, to document: Value?) throws(StoreError) -> Value? {
        if path.isRoot { return value }
        guard var target = document else { throw .notFound(path: path.parent.urlPath) }
        try target.insert(value, at: path)
        return target
    }

    private static func removing(at path: DataPath, from document: Value?) throws(StoreError) -> Value? {
        guard var target = document else { throw .notFound(path: path.urlPath) }
        if path.isRoot { return nil }
        try target.remove(at: path)
        return target
    }

    /// The inner error's message without the store-level advice, for the patch error.
    private static func reason(_ error: StoreError) -> String {
        switch error {
        case .notFound(let path): "nothing exists at \"\(path)\""
        case .conflict(_, let reason), .badPath(_, let reason): reason
        default: error.message
        }
    }
}
