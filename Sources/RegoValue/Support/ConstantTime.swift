/// Comparisons of secrets whose time does not depend on where they first differ, so that a caller
/// cannot learn a secret byte by byte from how long a rejection takes.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes, reading every byte of both when their lengths match.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Whether `a` and `b` hold the same UTF-8 bytes, reading every byte of both when their lengths
    /// match.
    public static func equal(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                var difference: UInt8 = 0
                for i in 0..<x.count { difference |= x[i] ^ y[i] }
                return difference == 0
            }
        }
    }
}
