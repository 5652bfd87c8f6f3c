import RegoValue

/// One API write to `data`, as kept in the store's operation log.
public struct DataOperation: Sendable, Equatable {
    /// What the operation does.
    public enum Kind: String, Sendable {
        case put
        case delete
    }

    /// `put` or `delete`.
    public let kind: Kind
    /// Where it writes; a `-` array segment is already resolved to the index it became.
    public let path: DataPath
    /// The document written by a `put`; nil for a `delete`.
    public let value: Value?

    /// A `put` of `value` at `path`.
    public static func put(_ path: DataPath, _ value: Value) -> DataOperation { DataOperation(kind: .put, path: path, value: value) }
    /// A `delete` at `path`.
    public static func delete(_ path: DataPath) -> DataOperation { DataOperation(kind: .delete, path: path, value: nil) }

    /// Applies the operation to `data`. Throws when it cannot apply (nothing to delete, a
    /// non-object parent); `data` is then unchanged. Returns the operation as it should be logged.
    @discardableResult
    func apply(to data: inout Value) throws(StoreError) -> DataOperation {
        switch kind {
        case .put:
            let written = value ?? .null
            if path.isRoot, written.objectValue == nil {
                throw .conflict(path: "", reason: "the root of data must be an object, not a \(written.typeName)")
            }
            return .put(try data.set(written, at: path), written)
        case .delete:
            if path.isRoot {
                throw .conflict(path: "", reason: "the root of data cannot be deleted; PUT an empty object to clear it")
            }
            try data.remove(at: path)
            return self
        }
    }
}
