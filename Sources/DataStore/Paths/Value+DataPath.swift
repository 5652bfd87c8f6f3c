import RegoValue

/// Reading and writing documents at a `DataPath`, with OPA's storage semantics: writes create
/// missing objects on the way, a numeric segment indexes an array, `-` appends to one.
extension Value {
    /// The document at `path`; nil when nothing is there.
    public func value(at path: DataPath) -> Value? {
        var current = self
        for segment in path.segments {
            switch current {
            case .object(let object):
                guard let next = object[segment] else { return nil }
                current = next
            case .array(let array):
                guard let index = Self.arrayIndex(segment), index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Writes `newValue` at `path` (PUT semantics): missing objects on the way are created, an
    /// array index replaces its element, `-` or the array's length appends.
    /// Returns the path actually written, with `-` resolved to the index it became.
    @discardableResult
    public mutating func set(_ newValue: Value, at path: DataPath) throws(StoreError) -> DataPath {
        guard let last = path.segments.last else { self = newValue; return path }
        var written = path
        try modifyContainer(at: path.segments.dropLast()[...], depth: 0, path: path, createMissing: true) { parent throws(StoreError) in
            written = path.parent.appending(try parent.storeChild(newValue, key: last, path: path, mode: .replaceOrAppend))
        }
        return written
    }

    /// Adds `newValue` at `path` as JSON Patch `add` does: the parent must exist; in an array the
    /// element is inserted before the index (or appended for `-`); in an object the key is set.
    public mutating func insert(_ newValue: Value, at path: DataPath) throws(StoreError) {
        guard let last = path.segments.last else { self = newValue; return }
        try modifyContainer(at: path.segments.dropLast()[...], depth: 0, path: path, createMissing: false) { parent throws(StoreError) in
            _ = try parent.storeChild(newValue, key: last, path: path, mode: .insert)
        }
    }

    /// Replaces the existing document at `path`; `notFound` when nothing is there.
    public mutating func replace(_ newValue: Value, at path: DataPath) throws(StoreError) {
        guard let last = path.segments.last else { self = newValue; return }
        try modifyContainer(at: path.segments.dropLast()[...], depth: 0, path: path, createMissing: false) { parent throws(StoreError) in
            _ = try parent.storeChild(newValue, key: last, path: path, mode: .replaceExisting)
        }
    }

    /// Removes the document at `path` (an array element shifts the rest down); `notFound` when
    /// nothing is there. The root cannot be removed from inside a value: the caller decides.
    public mutating func remove(at path: DataPath) throws(StoreError) {
        guard let last = path.segments.last else {
            throw .conflict(path: "", reason: "the root document cannot be removed, only replaced")
        }
        try modifyContainer(at: path.segments.dropLast()[...], depth: 0, path: path, createMissing: false) { parent throws(StoreError) in
            switch parent {
            case .object(var object):
                guard object[last] != nil else { throw .notFound(path: path.urlPath) }
                parent = .null
                object[last] = nil
                parent = .object(object)
            case .array(var array):
                guard let index = Self.arrayIndex(last), index < array.count else { throw .notFound(path: path.urlPath) }
                parent = .null
                array.remove(at: index)
                parent = .array(array)
            default:
                throw .notFound(path: path.urlPath)
            }
        }
    }

    // MARK: - Internals

    /// How a write treats the last segment.
    enum ChildWrite { case replaceOrAppend, insert, replaceExisting }

    /// An array index segment: decimal digits without a leading zero (as OPA's storage reads them).
    static func arrayIndex(_ segment: String) -> Int? {
        guard !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              segment == "0" || !segment.hasPrefix("0") else { return nil }
        return Int(segment)
    }

    /// Stores `child` under `key` of this container; returns the key actually used.
    private mutating func storeChild(_ child: Value, key: String, path: DataPath, mode: ChildWrite) throws(StoreError) -> String {
        switch self {
        case .object(var object):
            if mode == .replaceExisting, object[key] == nil { throw .notFound(path: path.urlPath) }
            self = .null  // drop our reference so the object's storage is uniquely held
            object[key] = child
            self = .object(object)
            return key
        case .array(var array):
            let index: Int
            if key == "-" && mode != .replaceExisting {
                index = array.count
            } else if let parsed = Self.arrayIndex(key) {
                index = parsed
            } else {
                throw .badPath(path: path.urlPath, reason: "\"\(key)\" is not an array index (use 0, 1, … or - to append)")
            }
            let limit = mode == .replaceExisting ? array.count - 1 : array.count
            guard index <= limit else { throw .notFound(path: path.urlPath) }
            self = .null
            if index == array.count {
                array.append(child)
            } else if mode == .insert {
                array.insert(child, at: index)
            } else {
                array[index] = child
            }
            self = .array(array)
            return String(index)
        default:
            throw .conflict(path: path.urlPath, reason: "its parent is a \(typeName), which cannot hold keys; write the parent as an object first")
        }
    }

    /// Walks to the container at `segments` and lets `body` change it in place. On error the
    /// value is left exactly as it was.
    private mutating func modifyContainer(
        at segments: ArraySlice<String>, depth: Int, path: DataPath, createMissing: Bool,
        _ body: (inout Value) throws(StoreError) -> Void
    ) throws(StoreError) {
        guard let key = segments.first else { return try body(&self) }
        let here = DataPath(segments: Array(path.segments.prefix(depth + 1)))
        switch self {
        case .object(var object):
            let existing = object[key]
            guard existing != nil || createMissing else { throw .notFound(path: here.urlPath) }
            var child = existing ?? .emptyObject
            self = .null
            if existing != nil { object[key] = .null }  // child is now the only reference to its storage
            var succeeded = false
            defer {
                if succeeded || existing != nil { object[key] = child }
                self = .object(object)
            }
            try child.modifyContainer(at: segments.dropFirst(), depth: depth + 1, path: path, createMissing: createMissing, body)
            succeeded = true
        case .array(var array):
            guard let index = Self.arrayIndex(key), index < array.count else { throw .notFound(path: here.urlPath) }
            var child = array[index]
            self = .null
            array[index] = .null
            defer {
                array[index] = child
                self = .array(array)
            }
            try child.modifyContainer(at: segments.dropFirst(), depth: depth + 1, path: path, createMissing: createMissing, body)
        default:
            throw .conflict(path: path.urlPath, reason: "data path \"\(here.parent.urlPath)\" holds a \(typeName), which cannot hold keys")
        }
    }
}
