import RegoValue

/// Object builtins: `object.get`, `object.keys`, `object.remove`, `object.filter`, `object.union`,
/// `object.union_n` and `object.subset`.
enum ObjectBuiltins {
    static let all: [Builtin] = [
        Builtin("object.get", [.object, .any, .any], .any, category: "object") { args throws(BuiltinError) in
            let object = try args.object(0)
            guard case .array(let path) = args[1] else { return object[args[1]] ?? args[2] }
            // An array key is a path of keys, looked up through objects, arrays and sets.
            if path.isEmpty { return args[0] }
            return args[0].lookup(path) ?? args[2]
        },
        Builtin("object.keys", [.object], .set, category: "object") { args throws(BuiltinError) in
            .set(RegoSet(sortedUnique: try args.object(0).keys))
        },
        Builtin("object.remove", [.object, .collection], .object, category: "object") { args throws(BuiltinError) in
            let object = try args.object(0)
            let keys = try keySet(args[1])
            var keptKeys: [Value] = [], keptValues: [Value] = []
            for (key, value) in object where !keys.contains(key) {
                keptKeys.append(key)
                keptValues.append(value)
            }
            return .object(RegoObject(sortedKeys: keptKeys, values: keptValues))
        },
        Builtin("object.filter", [.object, .collection], .object, category: "object") { args throws(BuiltinError) in
            let object = try args.object(0)
            let keys = try keySet(args[1])
            var keptKeys: [Value] = [], keptValues: [Value] = []
            for (key, value) in object where keys.contains(key) {
                keptKeys.append(key)
                keptValues.append(value)
            }
            return .object(RegoObject(sortedKeys: keptKeys, values: keptValues))
        },
        Builtin("object.union", [.object, .object], .object, category: "object") { args throws(BuiltinError) in
            .object(merge(try args.object(0), try args.object(1)))
        },
        Builtin("object.union_n", [.array], .object, category: "object") { args throws(BuiltinError) in
            var result = RegoObject()
            for element in try args.array(0) {
                guard case .object(let next) = element else {
                    throw .type("operand 1 must be array of object but got array containing \(element.typeName)")
                }
                result = merge(result, next)
            }
            return .object(result)
        },
        Builtin("object.subset", [.collection, .collection], .boolean, category: "object") { args throws(BuiltinError) in
            switch (args[0], args[1]) {
            case (.object(let sup), .object(let sub)): return .bool(objectSubset(sup, sub))
            case (.set(let sup), .set(let sub)): return .bool(setSubset(sup, sub))
            case (.array(let sup), .array(let sub)): return .bool(arraySubset(sup, sub))
            case (.array(let sup), .set(let sub)): return .bool(arraySetSubset(sup, sub))
            default:
                throw .type("both arguments object.subset must be of the same type or array and set")
            }
        },
    ]

    /// The keys named by `object.remove`/`object.filter`'s second operand: an array's or set's
    /// elements, or an object's keys.
    static func keySet(_ value: Value) throws(BuiltinError) -> RegoSet {
        switch value {
        case .array(let a): return RegoSet(a)
        case .set(let s): return s
        case .object(let o): return RegoSet(sortedUnique: o.keys)
        default:
            throw .type("operand 2 must be one of {object, set, array} but got \(value.typeName)")
        }
    }

    /// Merges `b` into `a`: keys of `b` win, except that two objects under one key merge recursively.
    static func merge(_ a: RegoObject, _ b: RegoObject) -> RegoObject {
        if a.isEmpty { return b }
        var out = a
        for (key, value) in b {
            if case .object(let inner) = value, case .object(let existing)? = out[key] {
                out[key] = .object(merge(existing, inner))
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// Whether every key of `sub` is in `sup` with an equal value, or with a value that is in turn
    /// a subset (objects, sets and arrays of the same kind).
    static func objectSubset(_ sup: RegoObject, _ sub: RegoObject) -> Bool {
        for (key, subValue) in sub {
            guard let supValue = sup[key] else { return false }
            if supValue == subValue { continue }
            switch (supValue, subValue) {
            case (.object(let x), .object(let y)): if !objectSubset(x, y) { return false }
            case (.set(let x), .set(let y)): if !setSubset(x, y) { return false }
            case (.array(let x), .array(let y)): if !arraySubset(x, y) { return false }
            default: return false
            }
        }
        return true
    }

    /// Plain membership: elements are not matched recursively.
    static func setSubset(_ sup: RegoSet, _ sub: RegoSet) -> Bool {
        sub.allSatisfy { sup.contains($0) }
    }

    /// Whether `sub` occurs in `sup` as a contiguous run.
    static func arraySubset(_ sup: [Value], _ sub: [Value]) -> Bool {
        if sub.count > sup.count { return false }
        if sub.isEmpty { return true }
        for start in 0...(sup.count - sub.count) {
            var matched = true
            for i in 0..<sub.count where sup[start + i] != sub[i] { matched = false; break }
            if matched { return true }
        }
        return false
    }

    /// OPA counts array elements that belong to the set until the count reaches the set's size
    /// (so an empty array is never a superset, not even of the empty set).
    static func arraySetSubset(_ sup: [Value], _ sub: RegoSet) -> Bool {
        var unmatched = sub.count
        for element in sup {
            if sub.contains(element) { unmatched -= 1 }
            if unmatched == 0 { return true }
        }
        return false
    }
}
