import Testing
@testable import RegoEngine
import RegoValue

@Suite struct JWTBuiltinsTests {
    // Header {"alg":"HS256","typ":"JWT"}, payload {"sub":"1234567890","name":"John Doe","iat":1516239022}.
    static let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

    @Test func decodeReturnsHeaderPayloadAndHexSignature() throws {
        let result = try #require(try callBuiltin("io.jwt.decode", .string(JWTBuiltinsTests.token)))
        #expect(result[.int(0)] == ["alg": "HS256", "typ": "JWT"])
        #expect(result[.int(1)] == ["sub": "1234567890", "name": "John Doe", "iat": 1516239022])
        #expect(result[.int(2)] == "49f94ac7044948c78a285d904f87f0a4c7897f7e8f3a4eb2255fda750b2cc397")
    }

    @Test func decodeRejectsTokensWithoutThreeSections() {
        #expect(builtinError("io.jwt.decode", "abc.def")?.kind == .builtin)
        #expect(builtinError("io.jwt.decode", "!!!.e30.")?.kind == .builtin)
    }
}
