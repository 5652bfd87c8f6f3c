import Testing
import RegoValue
@testable import RegoEngine

/// The `net.cidr_*` builtins beyond OPA's conformance cases (which the ratchet runs): address forms,
/// block edges, merging, expanding, matching, and the errors.
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

    /// The strings of a set result, in order.
    func strings(_ value: Value?) -> [String] {
        guard case .set(let set)? = value else { return [] }
        return set.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    @Test func addressesAreWrittenAsGoWritesThem() {
        for (text, written) in [("192.0.2.1", "192.0.2.1"), ("::", "::"), ("::1", "::1"), ("1::", "1::"),
                                ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
                                ("1:0:0:1:0:0:0:1", "1:0:0:1::1"), ("1:0:0:1:0:0:1:1", "1::1:0:0:1:1"),
                                ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"), ("FE80::ABCD", "fe80::abcd")] {
            #expect(IPAddress(text)?.description == written, "\(text)")
        }
    }

    @Test func mergeJoinsHalvesAndDropsWhatIsInside() throws {
        #expect(strings(try call("net.cidr_merge", .array(["10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/24"]))) == ["10.0.0.0/23"])
        // Halves of different blocks stay apart; a block inside another goes; bits past a prefix are cleared.
        #expect(strings(try call("net.cidr_merge", .array(["10.0.0.128/25", "10.0.1.0/25"]))) == ["10.0.0.128/25", "10.0.1.0/25"])
        #expect(strings(try call("net.cidr_merge", .array(["10.9.9.9/8", "10.1.0.0/16"]))) == ["10.0.0.0/8"])
        #expect(strings(try call("net.cidr_merge", .array(["2001:db8::/33", "2001:db8:8000::/33", "::1/128"]))) == ["2001:db8::/32", "::1/128"])
        // Addresses without a prefix stand for their classful networks.
        #expect(strings(try call("net.cidr_merge", .array(["10.1.2.3", "172.16.5.4", "192.0.2.1"]))) == ["10.0.0.0/8", "172.16.0.0/16", "192.0.2.0/24"])
        #expect(strings(try call("net.cidr_merge", .array([]))) == [])
    }

    @Test func mergeErrorsSayWhatIsMissing() {
        #expect(callError("net.cidr_merge", .array(["2001:db8::1"]))?.message.hasPrefix("2001:db8::1 needs a prefix length (such as 2001:db8::1/128)") == true)
        #expect(callError("net.cidr_merge", .array(["224.0.0.1"]))?.message.hasPrefix("224.0.0.1 needs a prefix length") == true)
        #expect(callError("net.cidr_merge", .array(["10.0.0.0/33"]))?.message.hasPrefix("invalid IP address or CIDR block: 10.0.0.0/33") == true)
        #expect(callError("net.cidr_merge", .array([1]))?.kind == .type)
        #expect(callError("net.cidr_merge", "10.0.0.0/8")?.kind == .type)
    }

    @Test func expandListsEveryAddressUpToItsBound() throws {
        #expect(strings(try call("net.cidr_expand", "10.0.0.5/31")) == ["10.0.0.4", "10.0.0.5"])
        #expect(strings(try call("net.cidr_expand", "2001:db8::fe/127")) == ["2001:db8::fe", "2001:db8::ff"])
        #expect(strings(try call("net.cidr_expand", "10.0.0.255/32")) == ["10.0.0.255"])
        let block = strings(try call("net.cidr_expand", "10.0.0.0/20"))
        #expect(block.count == 4096 && block.first == "10.0.0.0" && block.last == "10.0.9.99")
        #expect(callError("net.cidr_expand", "10.0.0.0/11")?.message
            == "10.0.0.0/11 holds 2^21 addresses, more than the 1048576 it can expand: use a block with a prefix of at least 12")
        #expect(callError("net.cidr_expand", "10.0.0.0")?.message.hasPrefix("invalid CIDR address: 10.0.0.0") == true)
    }

    @Test func containsMatchesPairsTheKeys() throws {
        // A string is its own key; an array's keys are its indexes, an object's its keys, a set's its elements.
        let pairs = try call("net.cidr_contains_matches", ["lan": "10.0.0.0/8", "dmz": ["192.0.2.0/24", "extra"]],
                             .array(["10.1.1.1", "192.0.2.7", "203.0.113.1"]))
        #expect(pairs == .set(RegoSet([.array(["lan", 0]), .array(["dmz", 1])])))
        let tuples = try call("net.cidr_contains_matches", "10.0.0.0/8", .set(RegoSet([.array(["10.0.0.1", "a"]), "11.0.0.1"])))
        #expect(tuples == .set(RegoSet([.array(["10.0.0.0/8", .array(["10.0.0.1", "a"])])])))
        #expect(callError("net.cidr_contains_matches", .array([.array([])]), "10.0.0.1")?.message == "operand 1: element must be string or non-empty array")
        #expect(callError("net.cidr_contains_matches", "10.0.0.0/8", .array([.array([1])]))?.message == "operand 2: element must be string or non-empty array")
        #expect(callError("net.cidr_contains_matches", "10.0.0.1", "10.0.0.1")?.message.hasPrefix("invalid CIDR address: 10.0.0.1") == true)
        #expect(callError("net.cidr_contains_matches", 1, "10.0.0.1")?.kind == .type)
    }
}
