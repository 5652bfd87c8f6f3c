import RegoValue

/// A table from constants to their numbers (0, 1, 2, … in the order they were added), for the
/// rule index and the compiler's `TermInterner`: open addressing with each entry's hash kept
/// beside its number, so that a probe past another entry compares two integers rather than
/// reading that entry's constant. Compiling a node of 10,000 rules, each with a constant of its
/// own, probes thousands of entries whose constants are in no cache (or another core's); a
/// dictionary compares every constant it probes, each a cache miss.
///
/// ```swift
/// var table = ConstantTable()
/// table.number(.string("GET"))      // (number: 0, isNew: true)
/// table.number(.string("GET"))      // (number: 0, isNew: false)
/// table.number(of: .string("PUT"))  // nil
/// ```
struct ConstantTable: Sendable {
    /// Per bucket, its entry's hash, or 0 when the bucket is empty (a hash of 0 is kept as 1).
    private var hashes: [Int]
    /// Per bucket, its entry's number.
    private var numbers: [Int32]
    /// The constants, in the order of their numbers.
    private(set) var values: [Value] = []

    /// A table with room for `minimumCapacity` constants before it grows.
    init(minimumCapacity: Int = 0) {
        let buckets = Self.buckets(for: minimumCapacity)
        hashes = [Int](repeating: 0, count: buckets)
        numbers = [Int32](repeating: 0, count: buckets)
        values.reserveCapacity(minimumCapacity)
    }

    /// How many constants the table holds.
    var count: Int { values.count }

    /// The number of `value`, numbering it `count` when it is new.
    mutating func number(_ value: Value) -> (number: Int32, isNew: Bool) {
        let hash = Self.hash(value)
        let mask = hashes.count - 1
        var bucket = hash & mask
        while hashes[bucket] != 0 {
            if hashes[bucket] == hash, values[Int(numbers[bucket])] == value { return (numbers[bucket], false) }
            bucket = (bucket + 1) & mask
        }
        let number = Int32(values.count)
        hashes[bucket] = hash
        numbers[bucket] = number
        values.append(value)
        if Self.buckets(for: values.count) > hashes.count { rehash(buckets: hashes.count * 2) }
        return (number, true)
    }

    /// The number of `value`, or nil when the table does not hold it.
    func number(of value: Value) -> Int32? {
        let hash = Self.hash(value)
        let mask = hashes.count - 1
        var bucket = hash & mask
        while hashes[bucket] != 0 {
            if hashes[bucket] == hash, values[Int(numbers[bucket])] == value { return numbers[bucket] }
            bucket = (bucket + 1) & mask
        }
        return nil
    }

    /// Makes room for `capacity` constants, so that adding up to that many never grows the table.
    mutating func reserveCapacity(_ capacity: Int) {
        let buckets = Self.buckets(for: capacity)
        if buckets > hashes.count { rehash(buckets: buckets) }
        values.reserveCapacity(capacity)
    }

    /// Buckets for `capacity` constants: a power of two at most three quarters full.
    private static func buckets(for capacity: Int) -> Int {
        var buckets = 8
        while buckets * 3 < capacity * 4 { buckets *= 2 }
        return buckets
    }

    private static func hash(_ value: Value) -> Int {
        let hash = value.hashValue
        return hash == 0 ? 1 : hash
    }

    /// Moves every entry into `buckets` buckets by the hash kept with it: no constant is read.
    private mutating func rehash(buckets: Int) {
        let (oldHashes, oldNumbers) = (hashes, numbers)
        hashes = [Int](repeating: 0, count: buckets)
        numbers = [Int32](repeating: 0, count: buckets)
        let mask = buckets - 1
        for (old, hash) in oldHashes.enumerated() where hash != 0 {
            var bucket = hash & mask
            while hashes[bucket] != 0 { bucket = (bucket + 1) & mask }
            hashes[bucket] = hash
            numbers[bucket] = oldNumbers[old]
        }
    }
}
