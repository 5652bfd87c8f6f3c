#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compares two strings by their UTF-8 bytes, as Go (and so OPA) orders strings.
@inlinable
public func compareUTF8(_ a: String, _ b: String) -> Int {
    if let small = compareSmallUTF8(a, b) { return small }
    let fast: Int?? = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb in compareBytes(pa, pb) }
    }
    if let fast, let result = fast { return result }
    var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
        }
    }
}

/// Byte order of two strings that are both stored inline ("small": at most 15 UTF-8 bytes, the
/// common case for keys and identifiers); nil when either is not.
///
/// A small string's 16 bytes hold its UTF-8 bytes in order, zero-padded, with the last byte
/// holding flags (0x20: small) and the byte count. Read as two little-endian words, byte-swapped,
/// the words compare as the zero-padded byte strings do; equal padded bytes mean one string is a
/// prefix of the other, so the counts decide. `SmallStringOrderTests` checks this layout against
/// a plain byte comparison, so a different standard library layout fails the tests, not silently.
@inlinable @inline(__always)
public func compareSmallUTF8(_ a: String, _ b: String) -> Int? {
    guard let (a0, a1, ca) = smallStringWords(a), let (b0, b1, cb) = smallStringWords(b) else { return nil }
    if a0 != b0 { return a0 < b0 ? -1 : 1 }
    if a1 != b1 { return a1 < b1 ? -1 : 1 }
    return ca < cb ? -1 : (ca > cb ? 1 : 0)
}

/// Whether two strings have the same UTF-8 bytes.
@inlinable
public func equalUTF8(_ a: String, _ b: String) -> Bool {
    if let small = compareSmallUTF8(a, b) { return small == 0 }
    return a.utf8.count == b.utf8.count && compareUTF8(a, b) == 0
}

@inlinable
func compareBytes(_ pa: UnsafeBufferPointer<UInt8>, _ pb: UnsafeBufferPointer<UInt8>) -> Int {
    let n = min(pa.count, pb.count)
    if n > 0, let ba = pa.baseAddress, let bb = pb.baseAddress {
        let c = memcmp(ba, bb, n)
        if c != 0 { return c < 0 ? -1 : 1 }
    }
    return pa.count < pb.count ? -1 : (pa.count > pb.count ? 1 : 0)
}

extension Value {
    /// Rego's total order: by type rank, then by value; numbers by magnitude, strings by bytes,
    /// arrays element-wise, objects by sorted keys then values, sets by sorted elements.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        // One switch on `a`, then a pattern test on `b`: a tuple switch would copy (retain) both.
        switch a {
        case .string(let x):
            if case .string(let y) = b { return compareUTF8(x, y) }
        case .number(let x):
            if case .number(let y) = b { return Number.compare(x, y) }
        case .null:
            if case .null = b { return 0 }
        case .bool(let x):
            if case .bool(let y) = b { return x == y ? 0 : (x ? 1 : -1) }
        case .array(let x):
            if case .array(let y) = b { return compareSequences(x, y) }
        case .set(let x):
            if case .set(let y) = b { return compareSequences(x.elements, y.elements) }
        case .object(let x):
            if case .object(let y) = b { return compareObjects(x, y) }
        }
        return a.typeRank < b.typeRank ? -1 : 1
    }

    private static func compareObjects(_ x: RegoObject, _ y: RegoObject) -> Int {
        let n = min(x.count, y.count)
        for i in 0..<n {
            let k = compare(x.keys[i], y.keys[i])
            if k != 0 { return k }
            let v = compare(x.values[i], y.values[i])
            if v != 0 { return v }
        }
        return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
    }

    private static func compareSequences(_ x: [Value], _ y: [Value]) -> Int {
        let n = min(x.count, y.count)
        for i in 0..<n {
            let c = compare(x[i], y[i])
            if c != 0 { return c }
        }
        return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
    }
}

extension Value: Equatable, Hashable, Comparable {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return equalUTF8(x, y)
        default: return compare(a, b) == 0
        }
    }
    public static func < (a: Value, b: Value) -> Bool { compare(a, b) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeRank)
        switch self {
        case .null: break
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): s.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) } ?? hasher.combine(s)
        case .array(let a): hasher.combine(a.count); for v in a { v.hash(into: &hasher) }
        case .set(let s): hasher.combine(s.count); for v in s { v.hash(into: &hasher) }
        case .object(let o):
            hasher.combine(o.count)
            for i in 0..<o.count { o.keys[i].hash(into: &hasher); o.values[i].hash(into: &hasher) }
        }
    }
}

extension Value {
    /// Positions of `values` in ascending order (equal values keep their relative order).
    ///
    /// A natural merge sort over positions: comparisons read the values in place, so no value is
    /// copied (retained and released) while sorting, and input made of a few ascending runs (as
    /// iterating several sorted collections produces) takes few comparisons.
    ///
    /// `hasEqual` tells whether two values compared equal (so there are duplicates to drop);
    /// nil order means the values were already strictly ascending.
    static func sortedPositions(_ values: UnsafeBufferPointer<Value>) -> (order: [Int]?, hasEqual: Bool) {
        if values.count >= 8, let keys = SortKeys(values) {
            return keys.words.withUnsafeBufferPointer { words in
                keys.starts.withUnsafeBufferPointer { starts in
                    sortedPositions(count: values.count) { a, b in SortKeys.compare(a, b, words: words, starts: starts) }
                }
            }
        }
        return sortedPositions(count: values.count) { a, b in compare(values[a], values[b]) }
    }

    /// The merge sort behind `sortedPositions(_:)`, over positions `0..<count` compared by `order`.
    @inline(__always)
    static func sortedPositions(count n: Int, _ order: (Int, Int) -> Int) -> (order: [Int]?, hasEqual: Bool) {
        guard n > 1 else { return (nil, false) }
        // Start of each ascending run, then n.
        var runs: [Int] = [0]
        var hasEqual = false
        for i in 1..<n {
            let c = order(i - 1, i)
            if c > 0 { runs.append(i) } else if c == 0 { hasEqual = true }
        }
        runs.append(n)
        var positions = Array(0..<n)
        guard runs.count > 2 else { return (hasEqual ? positions : nil, hasEqual) }
        var scratch = [Int](repeating: 0, count: n)
        while runs.count > 2 {
            var merged: [Int] = [0]
            merged.reserveCapacity(runs.count / 2 + 2)
            positions.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    var r = 0
                    while r + 1 < runs.count {
                        let lo = runs[r], mid = runs[r + 1]
                        let hi = r + 2 < runs.count ? runs[r + 2] : mid
                        var i = lo, j = mid, out = lo
                        while i < mid && j < hi {
                            let c = order(source[j], source[i])
                            if c < 0 {
                                target[out] = source[j]; j += 1
                            } else {
                                if c == 0 { hasEqual = true }
                                target[out] = source[i]; i += 1
                            }
                            out += 1
                        }
                        while i < mid { target[out] = source[i]; i += 1; out += 1 }
                        while j < hi { target[out] = source[j]; j += 1; out += 1 }
                        merged.append(hi)
                        r += 2
                    }
                }
            }
            swap(&positions, &scratch)
            runs = merged
        }
        return (positions, hasEqual)
    }

    /// Whether `values` is strictly ascending (sorted and without duplicates).
    static func isStrictlyAscending(_ values: UnsafeBufferPointer<Value>) -> Bool {
        var i = 1
        while i < values.count {
            if Value.compare(values[i - 1], values[i]) >= 0 { return false }
            i += 1
        }
        return true
    }

    /// The values sorted in Rego's order without duplicates.
    public static func sortedUnique(_ values: [Value]) -> [Value] {
        guard values.count > 1 else { return values }
        return values.withUnsafeBufferPointer { buffer in
            let (sorted, hasEqual) = sortedPositions(buffer)
            guard let order = sorted else { return values }
            var unique: [Value] = []
            unique.reserveCapacity(buffer.count)
            if !hasEqual {
                for i in order { unique.append(buffer[i]) }
                return unique
            }
            var previous = -1
            for i in order where previous < 0 || Value.compare(buffer[previous], buffer[i]) != 0 {
                unique.append(buffer[i])
                previous = i
            }
            return unique
        }
    }
}

/// Order-preserving word encodings of values, for sorting many values of simple shapes (sets
/// of small strings or integers, of objects or arrays of such: grants, rows, tags) with word
/// comparisons instead of `Value.compare`, which takes both operands apart (retaining their
/// storage) at every comparison.
///
/// Each scalar becomes its type rank followed by a fixed number of words for that rank: null
/// (no words), boolean (0/1), integer (offset so unsigned order is signed order), small string
/// (its bytes as two big-endian words, then its byte count). Equal ranks have equal lengths, so
/// comparing two encodings word by word compares the scalars in turn, and an object (rank, then
/// key, value, key, value, …) or array (rank, then elements) compares as `Value.compare` does:
/// pair by pair, then the shorter first. Anything else (doubles, big integers, long strings,
/// deeper nesting) makes the encoding fail, and the caller compares values directly.
struct SortKeys {
    /// The encodings, one after another.
    let words: [UInt64]
    /// Where each value's encoding starts in `words`, then where the last one ends.
    let starts: [Int]

    init?(_ values: UnsafeBufferPointer<Value>) {
        var bound = 0
        for i in values.indices { bound += Self.wordBound(values[i]) }
        var starts = [Int](repeating: 0, count: values.count + 1)
        var encoded = true
        // Written through a pointer into storage of the largest size the values can take: no
        // capacity check or value copy per word.
        words = [UInt64](unsafeUninitializedCapacity: bound) { buffer, count in
            var writer = Writer(words: buffer)
            starts.withUnsafeMutableBufferPointer { starts in
                for i in values.indices {
                    starts[i] = writer.count
                    guard writer.append(values[i]) else { encoded = false; return }
                }
                starts[values.count] = writer.count
            }
            count = writer.count
        }
        guard encoded else { return nil }
        self.starts = starts
    }

    /// The most words `v`'s encoding takes (a scalar takes at most four).
    private static func wordBound(_ v: Value) -> Int {
        switch v {
        case .object(let o): 1 + 8 * o.count
        case .array(let a): 1 + 4 * a.count
        default: 4
        }
    }

    /// Encodes values into storage sized by `wordBound`.
    private struct Writer {
        let words: UnsafeMutableBufferPointer<UInt64>
        var count = 0

        mutating func put(_ word: UInt64) {
            words[count] = word
            count += 1
        }

        /// Encodes `v`; false when it has a shape the encoding does not take.
        mutating func append(_ v: Value) -> Bool {
            switch v {
            case .object(let o):
                put(UInt64(v.typeRank))
                return o.keys.withUnsafeBufferPointer { keys in
                    o.values.withUnsafeBufferPointer { values in
                        for i in keys.indices {
                            guard appendScalar(keys[i]), appendScalar(values[i]) else { return false }
                        }
                        return true
                    }
                }
            case .array(let a):
                put(UInt64(v.typeRank))
                return a.withUnsafeBufferPointer { elements in
                    for i in elements.indices { guard appendScalar(elements[i]) else { return false } }
                    return true
                }
            default:
                return appendScalar(v)
            }
        }

        mutating func appendScalar(_ v: Value) -> Bool {
            switch v {
            case .null:
                put(0)
            case .bool(let b):
                put(1)
                put(b ? 1 : 0)
            case .number(.int(let i)):
                put(2)
                put(UInt64(bitPattern: Int64(i)) ^ (1 << 63))
            case .string(let s):
                guard let (high, low, count) = smallStringWords(s) else { return false }
                put(3)
                put(high)
                put(low)
                put(count)
            default:
                return false
            }
            return true
        }
    }

    /// Compares the encodings of values `a` and `b`.
    @inline(__always)
    static func compare(_ a: Int, _ b: Int, words w: UnsafeBufferPointer<UInt64>, starts: UnsafeBufferPointer<Int>) -> Int {
        var i = starts[a], j = starts[b]
        let ea = starts[a + 1], eb = starts[b + 1]
        while i < ea && j < eb {
            if w[i] != w[j] { return w[i] < w[j] ? -1 : 1 }
            i += 1
            j += 1
        }
        let la = ea - starts[a], lb = eb - starts[b]
        return la < lb ? -1 : (la > lb ? 1 : 0)
    }
}

/// A small string's bytes as two big-endian words and its byte count (see `compareSmallUTF8`);
/// nil when the string is not stored inline. The one place that reads the inline layout.
@usableFromInline @inline(__always)
func smallStringWords(_ s: String) -> (UInt64, UInt64, UInt64)? {
    #if _endian(little) && _pointerBitWidth(_64)
    let (w0, w1) = unsafeBitCast(s, to: (UInt64, UInt64).self)
    guard (w1 >> 56) & 0x20 != 0 else { return nil }
    return (w0.byteSwapped, (w1 & 0x00FF_FFFF_FFFF_FFFF).byteSwapped, (w1 >> 56) & 0xF)
    #else
    return nil
    #endif
}
