import RegoValue

/// Crypto builtins: the digests of a string's UTF-8 bytes (`crypto.md5`, `crypto.sha1`,
/// `crypto.sha256`) and HMACs of a message under a key (`crypto.hmac.md5`, `.sha1`, `.sha256`,
/// `.sha512`), each as lowercase hex (`Digest`); and `crypto.hmac.equal`, the comparison of two MACs
/// (or other secrets) whose time does not depend on where they first differ, so that a caller cannot
/// learn a MAC byte by byte from how long a policy takes to reject it.
enum CryptoBuiltins {
    static let all: [Builtin] = [
        Builtin("crypto.hmac.equal", [.string, .string], .boolean, category: "crypto") { args throws(BuiltinError) in
            .bool(ConstantTime.equal(try args.string(0), try args.string(1)))
        },
    ] + [("md5", Digest.md5), ("sha1", .sha1), ("sha256", .sha256)].map { name, digest in
        Builtin("crypto.\(name)", [.string], .string, category: "crypto") { args throws(BuiltinError) in
            .string(Hex.string(digest.hash(Array(try args.string(0).utf8))))
        }
    } + [("md5", Digest.md5), ("sha1", .sha1), ("sha256", .sha256), ("sha512", .sha512)].map { name, digest in
        Builtin("crypto.hmac.\(name)", [.string, .string], .string, category: "crypto") { args throws(BuiltinError) in
            .string(Hex.string(digest.hmac(key: Array(try args.string(1).utf8), message: Array(try args.string(0).utf8))))
        }
    }
}
