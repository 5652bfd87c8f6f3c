import Testing
@testable import RegoEngine
import RegoValue

/// `net.lookup_ip_addr`, through the system's resolver (no network needed: addresses and `localhost`).
@Suite struct NetLookupTests {
    @Test func anAddressResolvesToItself() throws {
        #expect(try callBuiltin("net.lookup_ip_addr", "10.0.0.1") == set("10.0.0.1"))
        #expect(try callBuiltin("net.lookup_ip_addr", "::") == set("::"))
        #expect(try callBuiltin("net.lookup_ip_addr", "2001:db8::1") == set("2001:db8::1"))
    }

    @Test func localhostResolvesToALoopbackAddress() throws {
        guard case .set(let found)? = try callBuiltin("net.lookup_ip_addr", "localhost") else {
            Issue.record("not a set")
            return
        }
        #expect(!found.isEmpty)
        #expect(found.elements.allSatisfy { $0 == "127.0.0.1" || $0 == "::1" })
    }

    @Test func aNameThatCannotResolveIsAnErrorNamingIt() {
        let error = builtinError("net.lookup_ip_addr", "bad name with spaces..")
        #expect(error?.message.hasPrefix("lookup bad name with spaces..: ") == true)
    }
}
