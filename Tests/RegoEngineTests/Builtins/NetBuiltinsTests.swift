import Testing
import RegoValue
@testable import RegoEngine

/// `net.cidr_contains`, `net.cidr_intersects` and `net.cidr_is_valid` beyond OPA's conformance
/// cases (which the ratchet runs): address forms, block edges, and the errors.
@Suite struct NetBuiltinsTests {
    @Test func addressForms() {
        #expect(IPAddress("192.168.1.1")?.bytes == [192, 168, 1, 1])
        #expect(IPAddress("::")?.bytes == Array(repeating: 0, count: 16))
        #expect(IPAddress("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress("2001:db8::ff00:42:8329")?.bytes == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29])
        #expect(IPAddress("::ffff:192.0.2.1")?.bytes == Array(repeating: 0, count: 10) + [0xff, 0xff, 192, 0, 2, 1])
        #expect(IPAddress("1:2:3:4:5:6:7:8")?.bytes.count == 16)
        // Not addresses: leading zeros in a quad, a part over 255, two gaps, nine groups, stray colons.
        for text in ["010.0.0.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1::2::3", "1:2:3:4:5:6:7:8:9", ":1::", "1::2:",
                     "12345::", "g::1", "1.2.3.4::", "", "::1.2.3"] {
            #expect(IPAddress(text) == nil, "\(text)")
        }
    }

    @Test func containment() throws {
        #expect(try call("net.cidr_contains", "10.0.0.0/8", "10.255.255.255") == true)
        #expect(try call("net.cidr_contains", "10.0.0.0/8", "11.0.0.0") == false)
        #expect(try call("net.cidr_contains", "0.0.0.0/0", "203.0.113.7/32") == true)
        #expect(try call("net.cidr_contains", "192.168.1.128/25", "192.168.1.127") == false)
        // A block contains itself, not a wider one, and an address must be of its family.
        #expect(try call("net.cidr_contains", "192.168.1.0/24", "192.168.1.0/24") == true)
        #expect(try call("net.cidr_contains", "192.168.1.0/24", "192.168.0.0/23") == false)
        #expect(try call("net.cidr_contains", "::/0", "10.0.0.1") == false)
        #expect(try call("net.cidr_contains", "2001:db8::/32", "2001:db8:ffff::1") == true)
        // Bits past the prefix in the block's own address do not matter.
        #expect(try call("net.cidr_contains", "10.1.2.3/8", "10.9.9.9") == true)
    }

    @Test func intersectionAndValidity() throws {
        #expect(try call("net.cidr_intersects", "10.0.0.0/8", "10.20.0.0/16") == true)
        #expect(try call("net.cidr_intersects", "10.20.0.0/16", "10.0.0.0/8") == true)
        #expect(try call("net.cidr_intersects", "10.0.0.0/9", "10.128.0.0/9") == false)
        #expect(try call("net.cidr_intersects", "0.0.0.0/0", "::/0") == false)
        #expect(try call("net.cidr_is_valid", "10.0.0.0/32") == true)
        #expect(try call("net.cidr_is_valid", "10.0.0.0/33") == false)
        #expect(try call("net.cidr_is_valid", "::/128") == true)
        #expect(try call("net.cidr_is_valid", "::/129") == false)
        #expect(try call("net.cidr_is_valid", "10.0.0.0/") == false)
        #expect(try call("net.cidr_is_valid", "10.0.0.0/+8") == false)
    }

    @Test func errorsNameTheText() {
        #expect(callError("net.cidr_contains", "10.0.0.0", "10.0.0.1")?.message.hasPrefix("invalid CIDR address: 10.0.0.0 (expected") == true)
        #expect(callError("net.cidr_contains", "10.0.0.0/8", "ten")?.message == "invalid CIDR address or IP address: ten")
        #expect(callError("net.cidr_intersects", "10.0.0.0/8", "::/200")?.message.hasPrefix("invalid CIDR address: ::/200") == true)
        #expect(callError("net.cidr_is_valid", 10)?.kind == .type)
    }
}
