import RegoValue

/// Crypto builtins: `crypto.hmac.equal`, the comparison of two MACs (or other secrets) whose time
/// does not depend on where they first differ, so that a caller cannot learn a MAC byte by byte
/// from how long a policy takes to reject it.
enum CryptoBuiltins {
    static let all: [Builtin] = [
        Builtin("crypto.hmac.equal", [.string, .string], .boolean, category: "crypto") { args throws(BuiltinError) in
            .bool(ConstantTime.equal(try args.string(0), try args.string(1)))
        },
    ]
}
