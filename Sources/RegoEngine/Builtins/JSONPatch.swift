import RegoValue

/// RFC 6902 JSON Patch as `json.patch` applies it: paths may be JSON-pointer strings or arrays of
/// segments, and sets are addressed by their elements (adding to a set needs key == value).
enum JSONPatch {
    /// The patched document, or nil when an operation is malformed or cannot be applied.
    static func apply(_ operations: [Value], to document: Value) -> Value? {
        var doc = document
        for operation in operations {
            guard case .object(let fields) = operation, case .string(let op)? = fields["op"],
                  let pathValue = fields["path"], let path = JSONPathBuiltins.parsePath(pathValue)
            else { return nil }
            switch op {
            case "add":
                guard let value = fields["value"], let next = add(doc, path[...], value) else { return nil }
                doc = next
            case "remove":
                guard let next = remove(doc, path[...]) else { return nil }
                doc = next
            case "replace":
                guard let value = fields["value"], let removed = remove(doc, path[...]),
                      let next = add(removed, path[...], value) else { return nil }
                doc = next
            case "move", "copy":
                guard let fromValue = fields["from"], let from = JSONPathBuiltins.parsePath(fromValue),
                      let chunk = get(doc, from[...]) else { return nil }
                var source = doc
                if op == "move" {
                    guard let removed = remove(doc, from[...]) else { return nil }
                    source = removed
                }
                guard let next = add(source, path[...], chunk) else { return nil }
                doc = next
            case "test":
                guard let value = fields["value"], let found = get(doc, path[...]), found == value else { return nil }
            default:
                return nil
            }
        }
        return doc
    }

    /// An array position: a number, a decimal string without leading zeros, or `-` (the end).
    static func index(_ key: Value, count: Int) -> Int? {
        switch key {
        case .number(let n): return n.exactInt
        case .string(let s):
            if s == "-" { return count }
            if s.count > 1 && s.hasPrefix("0") { return nil }
            return Int(s)
        default: return nil
        }
    }

    /// The value at `path`, or nil when some step is missing.
    static func get(_ value: Value, _ path: ArraySlice<Value>) -> Value? {
        guard let key = path.first else { return value }
        guard let child = child(value, key) else { return nil }
        return get(child, path.dropFirst())
    }

    private static func child(_ value: Value, _ key: Value) -> Value? {
        switch value {
        case .object(let o): return o[key]
        case .array(let a):
            guard let i = index(key, count: a.count), i >= 0, i < a.count else { return nil }
            return a[i]
        case .set(let s): return s.contains(key) ? key : nil
        default: return nil
        }
    }

    /// Replaces the existing child at `key` with `update(child)`.
    private static func updateChild(_ value: Value, _ key: Value, _ update: (Value) -> Value?) -> Value? {
        switch value {
        case .object(var o):
            guard let old = o[key], let new = update(old) else { return nil }
            o[key] = new
            return .object(o)
        case .array(var a):
            guard let i = index(key, count: a.count), i >= 0, i < a.count, let new = update(a[i]) else { return nil }
            a[i] = new
            return .array(a)
        case .set(var s):
            guard s.contains(key), let new = update(key) else { return nil }
            s.remove(key)
            s.insert(new)
            return .set(s)
        default:
            return nil
        }
    }

    static func add(_ value: Value, _ path: ArraySlice<Value>, _ newValue: Value) -> Value? {
        guard let key = path.first else { return newValue }
        if path.count > 1 { return updateChild(value, key) { add($0, path.dropFirst(), newValue) } }
        switch value {
        case .object(var o):
            o[key] = newValue
            return .object(o)
        case .array(var a):
            guard let i = index(key, count: a.count), i >= 0, i <= a.count else { return nil }
            a.insert(newValue, at: i)
            return .array(a)
        case .set(var s):
            guard key == newValue else { return nil }
            s.insert(newValue)
            return .set(s)
        default:
            return nil
        }
    }

    static func remove(_ value: Value, _ path: ArraySlice<Value>) -> Value? {
        guard let key = path.first else { return nil }
        if path.count > 1 { return updateChild(value, key) { remove($0, path.dropFirst()) } }
        switch value {
        case .object(var o):
            guard o.contains(key: key) else { return nil }
            o[key] = nil
            return .object(o)
        case .array(var a):
            guard let i = index(key, count: a.count), i >= 0, i < a.count else { return nil }
            a.remove(at: i)
            return .array(a)
        case .set(var s):
            guard s.contains(key) else { return nil }
            s.remove(key)
            return .set(s)
        default:
            return nil
        }
    }
}
