import RegoValue

/// Crypto builtins: `crypto.hmac.equal`, the comparison of two MACs (or other secrets) whose time
/// does not depend on where they first differ, so that a caller cannot learn a MAC byte by byte
/// from how long a policy takes to reject it.
enum CryptoBuiltins {
    static let all: [Builtin] = [
        Builtin("crypto.hmac.equal", [.string, .string], .boolean, category: "crypto") { args throws(BuiltinError) in
            .bool(constantTimeEqual(try args.string(0), try args.string(1)))
        },
    ]

    /// Whether `a` and `b` hold the same bytes, reading every byte of both when their lengths match.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
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
