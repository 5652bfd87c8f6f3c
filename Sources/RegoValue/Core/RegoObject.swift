/// A Rego object: keys may be any value; entries are kept sorted by key, as OPA writes them.
public struct RegoObject: Sendable, Sequence {
    public private(set) var keys: [Value]
    public private(set) var values: [Value]

    public init() { keys = []; values = [] }

    /// Builds an object from pairs; a later pair with an equal key replaces an earlier one.
    public init<S: Sequence>(_ pairs: S) where S.Element == (Value, Value) {
        var all = Array(pairs)
        if all.count > 1 {
            var sorted = true
            for i in 1..<all.count where Value.compare(all[i - 1].0, all[i].0) >= 0 { sorted = false; break }
            if !sorted {
                // Stable sort so that the last of equal keys wins below.
                let indexed = all.enumerated().sorted { lhs, rhs in
                    let c = Value.compare(lhs.element.0, rhs.element.0)
                    return c != 0 ? c < 0 : lhs.offset < rhs.offset
                }
                all = []
                all.reserveCapacity(indexed.count)
                for (_, pair) in indexed {
                    if let last = all.last, Value.compare(last.0, pair.0) == 0 { all[all.count - 1] = pair } else { all.append(pair) }
                }
            }
        }
        keys = all.map(\.0)
        values = all.map(\.1)
    }

    /// Builds an object from string-keyed pairs.
    public init(_ pairs: [(String, Value)]) {
        self.init(pairs.map { (Value.string($0.0), $0.1) })
    }

    /// Wraps entries already sorted by key and unique.
    public init(sortedKeys: [Value], values: [Value]) { keys = sortedKeys; self.values = values }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public struct Iterator: IteratorProtocol {
        let object: RegoObject
        var index = 0
        public mutating func next() -> (key: Value, value: Value)? {
            guard index < object.keys.count else { return nil }
            defer { index += 1 }
            return (object.keys[index], object.values[index])
        }
    }
    public func makeIterator() -> Iterator { Iterator(object: self) }

    @usableFromInline func search(_ key: Value) -> (found: Bool, index: Int) {
        var lo = 0, hi = keys.count
        if case .string(let s) = key {
            while lo < hi {
                let mid = (lo + hi) >> 1
                let c: Int
                if case .string(let k) = keys[mid] { c = compareUTF8(k, s) } else { c = Value.compare(keys[mid], key) }
                if c == 0 { return (true, mid) }
                if c < 0 { lo = mid + 1 } else { hi = mid }
            }
            return (false, lo)
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = Value.compare(keys[mid], key)
            if c == 0 { return (true, mid) }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return (false, lo)
    }

    public subscript(key: Value) -> Value? {
        get {
            let (found, index) = search(key)
            // Not a ternary: with `Value: ExpressibleByNilLiteral` its `nil` would be `Value.null`.
            guard found else { return Optional.none }
            return values[index]
        }
        set {
            let (found, index) = search(key)
            if let newValue {
                if found { values[index] = newValue } else { keys.insert(key, at: index); values.insert(newValue, at: index) }
            } else if found {
                keys.remove(at: index); values.remove(at: index)
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { self[.string(key)] }
        set { self[.string(key)] = newValue }
    }

    public func contains(key: Value) -> Bool { search(key).found }
}
