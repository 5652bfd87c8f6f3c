/// A Rego object: keys may be any value; entries are kept sorted by key, as OPA writes them.
public struct RegoObject: Sendable, Sequence {
    public private(set) var keys: [Value]
    public private(set) var values: [Value]

    public init() { keys = []; values = [] }

    /// Builds an object from pairs; a later pair with an equal key replaces an earlier one.
    public init<S: Sequence>(_ pairs: S) where S.Element == (Value, Value) {
        var keys: [Value] = [], values: [Value] = []
        keys.reserveCapacity(pairs.underestimatedCount)
        values.reserveCapacity(pairs.underestimatedCount)
        for (k, v) in pairs { keys.append(k); values.append(v) }
        self.init(unsortedKeys: keys, values: values)
    }

    /// Builds an object from parallel arrays of keys and values in any order; of equal keys the
    /// later one wins.
    public init(unsortedKeys keys: consuming [Value], values: consuming [Value]) {
        let sorted = keys.withUnsafeBufferPointer { Value.isStrictlyAscending($0) }
        if sorted { self.keys = keys; self.values = values; return }
        if keys.count <= 12 {
            // Small objects (most JSON objects): insertion sort in place, moving entries without
            // copying them. Stable, so of equal keys the later one stays last.
            var duplicates = false
            keys.withUnsafeMutableBufferPointer { k in
                values.withUnsafeMutableBufferPointer { v in
                    for i in 1..<k.count {
                        var j = i
                        while j > 0 {
                            let c = Value.compare(k[j - 1], k[j])
                            if c == 0 { duplicates = true }
                            if c <= 0 { break }
                            k.swapAt(j - 1, j)
                            v.swapAt(j - 1, j)
                            j -= 1
                        }
                    }
                }
            }
            if !duplicates { self.keys = keys; self.values = values; return }
        }
        let (positions, _) = keys.withUnsafeBufferPointer { Value.sortedPositions($0) }
        guard let order = positions else { self.keys = keys; self.values = values; return }
        var outKeys: [Value] = [], outValues: [Value] = []
        outKeys.reserveCapacity(keys.count)
        outValues.reserveCapacity(keys.count)
        keys.withUnsafeBufferPointer { k in
            var previous = -1
            for i in order {
                // Equal keys are adjacent, in input order: the later one replaces the earlier.
                if previous >= 0, Value.compare(k[previous], k[i]) == 0 {
                    outKeys[outKeys.count - 1] = k[i]
                    outValues[outValues.count - 1] = values[i]
                } else {
                    outKeys.append(k[i])
                    outValues.append(values[i])
                }
                previous = i
            }
        }
        self.keys = outKeys
        self.values = outValues
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
