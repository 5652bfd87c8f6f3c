import Testing
import RegoValue
@testable import RegoEngine

/// The digests and HMACs against values computed elsewhere (Python's `hashlib` and `hmac`), at the
/// lengths where padding spills into another block (55, 56, 64, 111, 112 bytes), over several
/// blocks, with text beyond ASCII, and with keys longer than a block (hashed first) and empty.
@Suite struct DigestTests {
    @Test func digestsOfTexts() throws {
        let cases: [(String, String, String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72", "a9993e364706816aba3e25717850c26c9cd0d89d", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
            (String(repeating: "a", count: 55), "ef1772b6dff9a122358552954ad0df65", "c1c8bbdc22796e28c0e15163d20899b65621d65a", "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (String(repeating: "a", count: 56), "3b0c8ac703f828b04c6c197006d17218", "c2db330f6083854c99d4b5bfb6e8f29f201be699", "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (String(repeating: "a", count: 64), "014842d480b571495a4a0363793f7367", "0098ba824b5c16427bd7a1122a5a442a25ec644d", "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (String(repeating: "a", count: 111), "089f243d1e831c5879aa375ee364a06e", "ac877859d427d9192054eea8feb3b8a403ef83a5", "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad"),
            (String(repeating: "a", count: 112), "9146ef3527c7cfcc66dc615c3986e391", "689993727ba37386bb032495e9dbdfb4dd1ba744", "f54353008a2553262ecdc4a34749563ba0950e8b0fc8652780b0a614b99683c1"),
            (String(repeating: "x", count: 1000), "398533d48111e9f664b1f64cb10c4b63", "c3efa690fa3fdd2e2526853eed670538ea127638", "44f8354494a5ba03ba1792a8d3e9c534c47a9181980fde7a3f44b06ef2ae7c7f"),
            ("åäöçß🥲♙Ω", "773728a952c877ed0cc9305d50dece17", "e39f3cab4d4257e23ffc355d8b5b72f4a9a7fd03", "5a529e5c7987895c4105059ad6a2a3cf5fe50e5bb5c05bb869d63644a0c382fa"),
        ]
        for (text, md5, sha1, sha256) in cases {
            #expect(try call("crypto.md5", .string(text)) == .string(md5), "md5 of \(text.prefix(20))… (\(text.utf8.count) bytes)")
            #expect(try call("crypto.sha1", .string(text)) == .string(sha1), "sha1 of \(text.prefix(20))… (\(text.utf8.count) bytes)")
            #expect(try call("crypto.sha256", .string(text)) == .string(sha256), "sha256 of \(text.prefix(20))… (\(text.utf8.count) bytes)")
        }
    }

    @Test func hmacsOfMessagesUnderKeys() throws {
        let cases: [(String, String, String, String, String, String)] = [
            ("The quick brown fox jumps over the lazy dog", "key", "80070713463e7749b90c2dc24911e275", "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9", "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", "b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a"),
            ("", "key", "63530468a04e386459855da0063b6596", "f42bb0eeb018ebbd4597ae7213711ec60760843f", "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0", "84fa5aa0279bbc473267d05a53ea03310a987cecc4c1535ff29b6d76b8f1444a728df3aadb89d4a9a6709e1998f373566e8f824a8ca93b1821f0b69bc2a2f65e"),
            ("The quick brown fox jumps over the lazy dog", String(repeating: "k", count: 200), "9bf785629eae94112dad3d2d9162dae6", "69bc8db56eadff85feed9183c1a2318137f1c4b5", "86522d64cfd7d3d21199f47288e74cdc22a6395aff54f0270c7feef1d0fa61bf", "2ec850d56a434619da67d65f350b4a2caad666d274cf844ee9ac03f73e14d2012bc00387fc44ee2404aa91155181ae98ee75b0497788ca045997ef2462e82f91"),
            ("", String(repeating: "k", count: 200), "93578822342dc32c0d59ce09c36b4dd1", "28b570577d1d66cd83c799979a6f134e5a8811c3", "d6b741e89f8f89acfa4cfc9ed966e0770138ea3e3c1c2ce233bc818a7c29dd8a", "25817dd748c9446b2b0201af68cec787d1732c0f570ef6803bf33a577080b794f706754f99214ec4606384f9c72131ea2f62d01d07eb2e0e7d7e4a75ab6e3f1c"),
            ("The quick brown fox jumps over the lazy dog", "", "ad262969c53bc16032f160081c4a07a0", "2ba7f707ad5f187c412de3106583c3111d668de8", "fb011e6154a19b9a4c767373c305275a5a69e8b68b0b4c9200c383dced19a416", "1de78322e11d7f8f1035c12740f2b902353f6f4ac4233ae455baccdf9f37791566e790d5c7682aad5d3ceca2feff4d3f3fdfd9a140c82a66324e9442b8af71b6"),
            ("", "", "74e6f7298a9c2d168935f58c001bad88", "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", "b936cee86c9f87aa5d3c6f2e84cb5a4239a5fe50480a6ec66b70ab5b1f4ac6730c6c515421b327ec1d69402e53dfb49ad7381eb067b338fd7b0cb22247225d47"),
        ]
        for (message, key, md5, sha1, sha256, sha512) in cases {
            let operands: [Value] = [.string(message), .string(key)]
            #expect(try call("crypto.hmac.md5", operands[0], operands[1]) == .string(md5), "\(key.count)-byte key")
            #expect(try call("crypto.hmac.sha1", operands[0], operands[1]) == .string(sha1), "\(key.count)-byte key")
            #expect(try call("crypto.hmac.sha256", operands[0], operands[1]) == .string(sha256), "\(key.count)-byte key")
            #expect(try call("crypto.hmac.sha512", operands[0], operands[1]) == .string(sha512), "\(key.count)-byte key")
        }
        #expect(callError("crypto.hmac.sha256", 1, "key")?.kind == .type)
        #expect(callError("crypto.sha256", .null)?.kind == .type)
    }
}
