import Testing
import RegoValue
@testable import RegoEngine

@Suite struct CryptoBuiltinsTests {
    @Test func hmacEqualComparesEveryByte() throws {
        let mac = "4a1d27ff1c1d3e7a0b9c8d7e6f5a4b3c"
        #expect(try call("crypto.hmac.equal", .string(mac), .string(mac)) == true)
        // A difference in the first byte, the last, or the length.
        #expect(try call("crypto.hmac.equal", .string(mac), .string("5" + mac.dropFirst())) == false)
        #expect(try call("crypto.hmac.equal", .string(mac), .string(mac.dropLast() + "d")) == false)
        #expect(try call("crypto.hmac.equal", .string(mac), .string(mac + "0")) == false)
        #expect(try call("crypto.hmac.equal", "", "") == true)
        // Bytes, not characters: é composed and decomposed are different MACs.
        #expect(try call("crypto.hmac.equal", "\u{E9}", "e\u{301}") == false)
        #expect(callError("crypto.hmac.equal", "a", 1)?.kind == .type)
    }
}
