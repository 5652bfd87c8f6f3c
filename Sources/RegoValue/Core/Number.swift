#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Rego number: an exact 64-bit integer, a double, or the exact decimal text of an integer too
/// large for 64 bits (kept as written so that it is never silently changed).
public enum Number: Sendable {
    case int(Int)
    case double(Double)
    /// An integer literal outside the 64-bit range, kept verbatim (its arithmetic uses `Double`).
    case bigInteger(String)

    /// Makes a number from a double, keeping integral values exact as integers.
    public init(_ d: Double) {
        if d.rounded() == d, abs(d) < 9.007_199_254_740_992e15 { self = .int(Int(d)) } else { self = .double(d) }
    }

    /// Parses JSON or Rego number text (`12`, `-3.5`, `1e3`); nil when it is not a number.
    public init?(text: String) {
        if let i = Int(text) { self = .int(i); return }
        var digitsOnly = !text.isEmpty
        for (i, c) in text.utf8.enumerated() where !(c >= 48 && c <= 57) && !(i == 0 && c == 45) { digitsOnly = false; break }
        if digitsOnly, text != "-" { self = .bigInteger(text); return }
        guard let d = Double(text), d.isFinite else { return nil }
        self.init(d)
    }

    /// The value as a double (approximate for large integers).
    public var doubleValue: Double {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .bigInteger(let s): Double(s) ?? .nan
        }
    }

    /// The value as an `Int` when it is integral and fits.
    public var exactInt: Int? {
        switch self {
        case .int(let i): i
        case .double(let d):
            (d.rounded() == d && abs(d) < 9.2e18) ? Int(d) : nil
        case .bigInteger: nil
        }
    }

    /// Whether the number has no fractional part.
    public var isIntegral: Bool {
        switch self {
        case .int, .bigInteger: true
        case .double(let d): d.rounded() == d && d.isFinite
        }
    }

    /// Three-way numeric comparison.
    public static func compare(_ a: Number, _ b: Number) -> Int {
        if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x > y ? 1 : 0) }
        if case .bigInteger(let x) = a, case .bigInteger(let y) = b { return compareBigText(x, y) }
        let x = a.doubleValue, y = b.doubleValue
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    private static func compareBigText(_ x: String, _ y: String) -> Int {
        let nx = x.hasPrefix("-"), ny = y.hasPrefix("-")
        if nx != ny { return nx ? -1 : 1 }
        let ax = nx ? String(x.dropFirst()) : x, ay = ny ? String(y.dropFirst()) : y
        var c = ax.count != ay.count ? (ax.count < ay.count ? -1 : 1) : compareUTF8(ax, ay)
        if nx { c = -c }
        return c
    }

    /// The JSON text of the number: integers exactly, doubles in their shortest round-tripping form.
    public var jsonText: String {
        switch self {
        case .int(let i): return String(i)
        case .bigInteger(let s): return s
        case .double(let d): return Number.format(d)
        }
    }

    /// Formats a double the way OPA prints numbers: integral values without a fraction, others in
    /// the shortest form that reads back to the same double.
    public static func format(_ d: Double) -> String {
        if d.isNaN || d.isInfinite { return d.isNaN ? "null" : (d > 0 ? "1.7976931348623157e+308" : "-1.7976931348623157e+308") }
        if d.rounded() == d && abs(d) < 1e21 {
            if abs(d) < 9.2e18 { return String(Int(d)) }
            return formatLargeIntegral(d)
        }
        var s = "\(d)"
        // Swift writes 1e-07; JSON readers accept it, OPA writes 1e-07 too.
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    private static func formatLargeIntegral(_ d: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBufferPointer { ptr in
            withVaList([d]) { vsnprintf(ptr.baseAddress, 64, "%.0f", $0) }
        }
        guard n > 0 else { return "\(d)" }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Number: Equatable, Hashable {
    public static func == (a: Number, b: Number) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        if let i = exactInt { hasher.combine(i) } else { hasher.combine(doubleValue) }
    }
}
