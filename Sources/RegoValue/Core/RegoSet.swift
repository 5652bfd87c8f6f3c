/// A Rego set: unique elements kept in Rego's sorted order, so iteration and output are canonical.
public struct RegoSet: Sendable, Sequence {
    /// The elements, sorted and without duplicates.
    public private(set) var elements: [Value]

    public init() { elements = [] }

    /// Builds a set from any elements: sorts them and drops duplicates.
    public init<S: Sequence>(_ values: S) where S.Element == Value {
        let all = Array(values)
        elements = Value.sortedUnique(all)
    }

    /// Wraps elements that are already sorted and unique.
    public init(sortedUnique: [Value]) { elements = sortedUnique }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }
    public func makeIterator() -> IndexingIterator<[Value]> { elements.makeIterator() }

    /// Index of `value` or the position where it would be inserted.
    @usableFromInline func search(_ value: Value) -> (found: Bool, index: Int) {
        var lo = 0, hi = elements.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = Value.compare(elements[mid], value)
            if c == 0 { return (true, mid) }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return (false, lo)
    }

    public func contains(_ value: Value) -> Bool { search(value).found }

    /// Adds an element; returns false when it was already present.
    @discardableResult
    public mutating func insert(_ value: Value) -> Bool {
        if let last = elements.last, Value.compare(last, value) < 0 { elements.append(value); return true }
        let (found, index) = search(value)
        if found { return false }
        elements.insert(value, at: index)
        return true
    }

    public mutating func remove(_ value: Value) {
        let (found, index) = search(value)
        if found { elements.remove(at: index) }
    }

    public func union(_ other: RegoSet) -> RegoSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var out: [Value] = []
        out.reserveCapacity(count + other.count)
        var i = 0, j = 0
        let a = elements, b = other.elements
        while i < a.count && j < b.count {
            let c = Value.compare(a[i], b[j])
            if c < 0 { out.append(a[i]); i += 1 } else if c > 0 { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1; j += 1 }
        }
        out.append(contentsOf: a[i...]); out.append(contentsOf: b[j...])
        return RegoSet(sortedUnique: out)
    }

    public func intersection(_ other: RegoSet) -> RegoSet {
        RegoSet(sortedUnique: elements.filter { other.contains($0) })
    }

    public func subtracting(_ other: RegoSet) -> RegoSet {
        RegoSet(sortedUnique: elements.filter { !other.contains($0) })
    }
}
