import RegoValue

/// Builtins that address documents by path: `json.filter`, `json.remove`, `json.patch` and `walk`.
enum JSONPathBuiltins {
    static let all: [Builtin] = [
        Builtin("json.filter", [.object, .oneOf([.array, .set])], .any, category: "object") { args throws(BuiltinError) in
            let object = try args.object(0)
            let tree = pathTree(try paths(args[1]))
            return filter(.object(object), tree)
        },
        Builtin("json.remove", [.object, .oneOf([.array, .set])], .any, category: "object") { args throws(BuiltinError) in
            _ = try args.object(0)
            let tree = pathTree(try paths(args[1]))
            return remove(args[0], tree)
        },
        Builtin("json.patch", [.any, .array], .any, category: "object") { args throws(BuiltinError) in
            let operations = try args.array(1)
            // OPA makes a patch that cannot be applied undefined, not an error.
            return JSONPatch.apply(operations, to: args[0])
        },
        Builtin("walk", [.any], .array, category: "graph") { args throws(BuiltinError) in
            var pairs: [Value] = []
            walk(args[0], path: [], into: &pairs)
            return .array(pairs)
        },
    ]

    /// Reads `json.filter`/`json.remove`'s second operand: a set or array of paths.
    static func paths(_ operand: Value) throws(BuiltinError) -> [[Value]] {
        let elements: [Value]
        switch operand {
        case .array(let a): elements = a
        case .set(let s): elements = s.elements
        default: throw .type("operand 2 must be one of {set, array} but got \(operand.typeName)")
        }
        var out: [[Value]] = []
        for element in elements {
            guard let path = parsePath(element) else {
                throw .type("operand 2 must be one of {set, array} containing string paths or array of path segments but got \(element.typeName)")
            }
            out.append(path)
        }
        return out
    }

    /// A path given as `"a/b/c"` (leading slashes ignored, `~1` is `/`, `~0` is `~`; `""` is the
    /// root) or as an array of segments. Nil for any other value.
    static func parsePath(_ value: Value) -> [Value]? {
        switch value {
        case .string(let s):
            if s.isEmpty { return [] }
            let trimmed = s.drop(while: { $0 == "/" })
            return trimmed.split(separator: "/", omittingEmptySubsequences: false).map { part in
                .string(String(part).replacing("~1", with: "/").replacing("~0", with: "~"))
            }
        case .array(let a):
            return a
        default:
            return nil
        }
    }

    /// Merges paths into a tree of objects whose leaves are `null`. A shorter path wins over a
    /// longer one through it (`{"a", "a/b"}` selects all of `a`).
    static func pathTree(_ paths: [[Value]]) -> RegoObject {
        var root = RegoObject()
        for path in paths where !path.isEmpty { insert(path[...], into: &root) }
        return root
    }

    private static func insert(_ path: ArraySlice<Value>, into node: inout RegoObject) {
        guard let first = path.first else { return }
        if path.count == 1 { node[first] = Value.null; return }
        var child = RegoObject()
        if let existing = node[first] {
            // A shorter path already selects everything below it.
            guard case .object(let inner) = existing else { return }
            child = inner
        }
        insert(path.dropFirst(), into: &child)
        node[first] = Value.object(child)
    }

    /// Keeps only what the tree selects. Array elements are selected by their index as a string
    /// (`"0"`), as in a JSON pointer; scalars under a deeper selection are kept whole.
    static func filter(_ value: Value, _ tree: RegoObject) -> Value {
        switch value {
        case .object(let object):
            var pairs: [(Value, Value)] = []
            for (key, sub) in tree {
                guard let child = object[key] else { continue }
                pairs.append((key, subfilter(child, sub)))
            }
            return .object(RegoObject(pairs))
        case .array(let array):
            var out: [Value] = []
            for (i, element) in array.enumerated() {
                if let sub = tree[.string(String(i))] { out.append(subfilter(element, sub)) }
            }
            return .array(out)
        case .set(let set):
            var out: [Value] = []
            for element in set { if let sub = tree[element] { out.append(subfilter(element, sub)) } }
            return .set(RegoSet(out))
        default:
            return value
        }
    }

    private static func subfilter(_ value: Value, _ sub: Value) -> Value {
        if case .object(let tree) = sub { return filter(value, tree) }
        return value
    }

    /// Drops what the tree selects (nil when the value itself is selected). Removed array
    /// elements close up, as in JSON Patch.
    static func remove(_ value: Value, _ tree: RegoObject) -> Value {
        switch value {
        case .object(let object):
            var keys: [Value] = [], values: [Value] = []
            for (key, child) in object {
                guard let kept = subremove(child, tree[key]) else { continue }
                keys.append(key)
                values.append(kept)
            }
            return .object(RegoObject(sortedKeys: keys, values: values))
        case .array(let array):
            return .array(array.enumerated().compactMap { subremove($1, tree[.string(String($0))]) })
        case .set(let set):
            return .set(RegoSet(set.compactMap { subremove($0, tree[$0]) }))
        default:
            return value
        }
    }

    private static func subremove(_ value: Value, _ sub: Value?) -> Value? {
        guard let sub else { return value }
        switch sub {
        case .null: return nil
        case .object(let tree): return remove(value, tree)
        default: return value
        }
    }

    /// Appends `[path, value]` for `value` and then for everything inside it, depth first.
    static func walk(_ value: Value, path: [Value], into pairs: inout [Value]) {
        pairs.append(.array([.array(path), value]))
        switch value {
        case .array(let a):
            for (i, element) in a.enumerated() { walk(element, path: path + [.int(i)], into: &pairs) }
        case .object(let o):
            for (key, element) in o { walk(element, path: path + [key], into: &pairs) }
        case .set(let s):
            for element in s { walk(element, path: path + [element], into: &pairs) }
        default:
            break
        }
    }
}
