import Testing
import RegoValue
@testable import RegoEngine

/// `semver.is_valid`, `semver.compare` and `uuid.parse` beyond OPA's conformance cases (which the
/// ratchet runs): the forms each accepts and refuses, precedence, and every field of a UUID.
@Suite struct SemVerAndUUIDBuiltinsTests {
    @Test func versionsAreValidInSemVersForm() throws {
        for text in ["0.0.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x-y-z.--", "1.0.0+20130313144700",
                     "1.0.0-beta+exp.sha.5114f85"] {
            #expect(try call("semver.is_valid", .string(text)) == true, "\(text)")
        }
        for text in ["1", "1.0", "1.0.0.0", "v1.0.0", "1..0", "a.b.c", "1.0.0-", "1.0.0+", "1.0.0-al_pha", "1.0.0-a..b", " 1.0.0", "1.0.x"] {
            #expect(try call("semver.is_valid", .string(text)) == false, "\(text)")
        }
        #expect(try call("semver.is_valid", 1) == false)
        #expect(try call("semver.is_valid", .null) == false)
    }

    @Test func precedenceFollowsSemVer() throws {
        // Semantic Versioning 2.0.0's own order, each before the next.
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                       "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(try call("semver.compare", .string(a), .string(b)) == -1, "\(a) < \(b)")
            #expect(try call("semver.compare", .string(b), .string(a)) == 1, "\(b) > \(a)")
        }
        // Build metadata does not count.
        #expect(try call("semver.compare", "1.0.0+build.1", "1.0.0+build.2") == 0)
        #expect(try call("semver.compare", "1.0.0-rc.1+a", "1.0.0-rc.1") == 0)
    }

    @Test func compareNamesTheOperandThatIsNotAVersion() {
        #expect(callError("semver.compare", "1.0", "1.0.0")?.message == "operand 1: string \"1.0\" is not a valid SemVer")
        #expect(callError("semver.compare", "1.0.0", "x")?.message == "operand 2: string \"x\" is not a valid SemVer")
        #expect(callError("semver.compare", "1.0.0", 2)?.kind == .type)
    }

    func fields(_ text: String) throws -> Value? { try call("uuid.parse", .string(text)) }

    @Test func aTimeBasedUUIDGivesItsTimeClockAndNode() throws {
        // RFC 4122's DNS namespace id, a version 1 UUID.
        let expected: Value = ["version": 1, "variant": "RFC4122", "time": 886_630_433_151_182_400, "clocksequence": 180,
                               "nodeid": "00-c0-4f-d4-30-c8", "macvariables": "global:unicast"]
        #expect(try fields("6ba7b810-9dad-11d1-80b4-00c04fd430c8") == expected)
        // The same UUID in every form OPA reads, in either case.
        for text in ["{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                     "URN:UUID:6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "6ba7b8109dad11d180b400c04fd430c8"] {
            #expect(try fields(text) == expected, "\(text)")
        }
        // A version 2 UUID also names its domain and id; a multicast, locally administered node.
        let dce = try #require(try fields("000003e8-48b9-21ee-b202-035096b39f47"))
        #expect(dce["domain"] == "Org" && dce["id"] == 1000 && dce["macvariables"] == "local:multicast")
        #expect(try fields("000003e8-48b9-21ee-b207-035096b39f47")?["domain"] == "Domain7")
    }

    @Test func otherVersionsGiveVersionAndVariant() throws {
        #expect(try fields("f47ac10b-58cc-4372-a567-0e02b2c3d479") == ["version": 4, "variant": "RFC4122"])
        #expect(try fields("017f22e2-79b0-7cc3-98c4-dc0c0c07398f") == ["version": 7, "variant": "RFC4122"])
        #expect(try fields("00000000-0000-4000-c000-000000000000")?["variant"] == "Microsoft")
        #expect(try fields("00000000-0000-4000-e000-000000000000")?["variant"] == "Future")
        #expect(try fields("00000000-0000-4000-0000-000000000000")?["variant"] == "Reserved")
    }

    @Test func textThatIsNotAUUIDIsUndefined() throws {
        for text in ["", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c8a", "6ba7b8109-dad-11d1-80b4-00c04fd430c8",
                     "6ba7b810-9dad-11d1-80b4-00c04fd430cg", "(6ba7b810-9dad-11d1-80b4-00c04fd430c8)", "urn:uid:6ba7b810-9dad-11d1-80b4-00c04fd430c8"] {
            #expect(try fields(text) == nil, "\(text)")
        }
        #expect(callError("uuid.parse", 123)?.kind == .type)
    }
}
