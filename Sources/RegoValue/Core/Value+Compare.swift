#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compares two strings by their UTF-8 bytes, as Go (and so OPA) orders strings.
@inlinable
public func compareUTF8(_ a: String, _ b: String) -> Int {
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
        switch (a, b) {
        case (.null, .null): return 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.number(let x), .number(let y)): return Number.compare(x, y)
        case (.string(let x), .string(let y)): return compareUTF8(x, y)
        case (.array(let x), .array(let y)): return compareSequences(x, y)
        case (.set(let x), .set(let y)): return compareSequences(x.elements, y.elements)
        case (.object(let x), .object(let y)):
            let n = min(x.count, y.count)
            for i in 0..<n {
                let k = compare(x.keys[i], y.keys[i])
                if k != 0 { return k }
                let v = compare(x.values[i], y.values[i])
                if v != 0 { return v }
            }
            return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
        default:
            return a.typeRank < b.typeRank ? -1 : 1
        }
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
        case (.string(let x), .string(let y)): return x.utf8.count == y.utf8.count && compareUTF8(x, y) == 0
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
