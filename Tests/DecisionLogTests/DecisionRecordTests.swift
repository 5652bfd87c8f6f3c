@testable import DecisionLog
import RegoValue
import Testing

@Suite struct DecisionRecordTests {
    @Test func booleanResultDecidesAllowed() {
        #expect(DecisionRecord.derive(result: .bool(true)).allowed == true)
        #expect(DecisionRecord.derive(result: .bool(false)).allowed == false)
        #expect(DecisionRecord.derive(result: nil).allowed == nil)
        #expect(DecisionRecord.derive(result: "yes").allowed == nil)
    }

    @Test func resultObjectGivesAllowedAndReasons() {
        let allowedObject: Value = ["allowed": false, "reasons": ["not owner", "weekend"]]
        let (allowed, reasons) = DecisionRecord.derive(result: allowedObject)
        #expect(allowed == false)
        #expect(reasons == ["not owner", "weekend"])
        let allowObject: Value = ["allow": true, "deny": .set(RegoSet(["b", "a"]))]
        #expect(DecisionRecord.derive(result: allowObject).allowed == true)
        #expect(DecisionRecord.derive(result: allowObject).reasons == ["a", "b"])
        #expect(DecisionRecord.derive(result: ["allow": "x"]).allowed == nil)
    }

    @Test func subjectFromConfiguredInputPath() {
        let input: Value = ["subject": ["user": "alice"]]
        #expect(DecisionRecord.subject(from: input, path: ["subject", "user"]) == "alice")
        #expect(DecisionRecord.subject(from: input, path: ["missing"]) == nil)
    }

    /// Small inputs are first scanned for the keys the paths begin with; larger ones are looked up
    /// path by path. Both find the same subjects, beside other keys or not.
    @Test func subjectAmongOtherKeysInSmallAndLargeInputs() {
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IiLCJpYXQiOjF9.c2ln"
        let paths: [[Value]] = [["subject", "user"], ["headers", "x-user"]]
        for extra in [0, 3, 7, 20] {
            let others = (0..<extra).map { (Value.string("key\($0)"), Value.string("v")) }
            func input(_ pairs: [(Value, Value)]) -> Value { .object(RegoObject(others + pairs)) }
            #expect(DecisionRecord.subject(from: input([]), at: paths) == nil, "\(extra) other keys")
            #expect(DecisionRecord.subject(from: input([("subject", ["user": "alice"])]), at: paths) == "alice", "\(extra) other keys")
            #expect(DecisionRecord.subject(from: input([("headers", ["x-user": "carol"])]), at: paths) == "carol", "\(extra) other keys")
            #expect(DecisionRecord.subject(from: input([("headers", ["authorization": .string("Bearer " + token)])]), at: paths) == "bob")
            #expect(DecisionRecord.subject(from: input([("zz", ["user": "alice"])]), at: [["zz", "user"]]) == "alice")
            #expect(DecisionRecord.subject(from: input([("subject", "alice")]), at: paths) == nil, "a string where an object was expected")
        }
    }

    @Test func subjectFromBearerTokenInHeaders() {
        // {"alg":"none"} . {"sub":"bob","iat":1} . signature (unchecked)
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IiLCJpYXQiOjF9.c2ln"
        let plain: Value = ["headers": ["authorization": .string("Bearer " + token)]]
        #expect(DecisionRecord.subject(from: plain, path: nil) == "bob")
        let envoy: Value = ["attributes": ["request": ["http": ["headers": ["authorization": .string("Bearer " + token)]]]]]
        #expect(DecisionRecord.subject(from: envoy, path: ["subject"]) == "bob")
        let atPath: Value = ["token": .string(token)]
        #expect(DecisionRecord.subject(from: atPath, path: ["token"]) == "bob")
        #expect(DecisionRecord.subject(from: ["headers": ["authorization": "Basic abc"]], path: nil) == nil)
    }

    @Test func bearerPrefixInAnyCaseAndHeaderNameSpellings() {
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IiLCJpYXQiOjF9.c2ln"
        for prefix in ["Bearer ", "bearer ", "BEARER ", "bEaReR  ", ""] {
            for header in ["authorization", "Authorization"] {
                let input: Value = ["headers": .object(RegoObject([(header, .string(prefix + token))]))]
                #expect(DecisionRecord.subject(from: input, path: nil) == "bob", "\(header): \(prefix)…")
            }
        }
        // The other header paths are still tried when the first key is present but empty.
        let both: Value = ["headers": [:], "attributes": ["request": ["http": ["headers": ["authorization": .string("Bearer " + token)]]]]]
        #expect(DecisionRecord.subject(from: both, path: nil) == "bob")
    }

    @Test func plainSubjectsWithDotsStayAsTheyAre() {
        // One dot, or two around text that is not a token: the configured path's string is the subject.
        for name in ["john.smith", "a.b.c", "alice", "x..y", "..."] {
            #expect(DecisionRecord.subject(from: ["subject": ["user": .string(name)]], path: ["subject", "user"]) == name)
        }
        // A header holding no token gives no subject.
        #expect(DecisionRecord.subject(from: ["headers": ["authorization": "Bearer a.b"]], path: nil) == nil)
    }

    @Test func jsonUsesOPAEventKeysAndRoundTrips() throws {
        var record = sampleRecord(7)
        record.query = "data.x = y"
        record.reasons = ["ok"]
        record.errorCode = nil
        record.policyRevision = "rev-1"
        record.metrics = ["timer_rego_query_eval_ns": 1200]
        let json = record.json
        let keys = try #require(json.objectValue).keys.compactMap(\.stringValue)
        #expect(keys == ["allowed", "decision_id", "eval_ns", "input", "labels", "metrics", "path", "policy_hash", "query",
                         "reasons", "requested_by", "result", "revision", "subject", "timestamp"])
        #expect(json.objectValue?["timestamp"] == "2026-11-01T00:00:07.000000000Z")
        #expect(try DecisionRecord(jsonText: record.canonicalJSON) == record)
    }

    @Test func undefinedResultIsOmittedAndReadsBackAsUndefined() throws {
        let record = sampleRecord(1, allowed: nil)
        #expect(record.json.objectValue?["result"] == nil)
        #expect(record.json.objectValue?["allowed"] == nil)
        #expect(try DecisionRecord(jsonText: record.canonicalJSON).allowed == nil)
    }

    @Test func timestampsFormatAndParseWithNanoseconds() {
        #expect(Timestamp.format(nanoseconds: referenceTime + 123) == "2026-11-01T00:00:00.000000123Z")
        #expect(Timestamp.format(nanoseconds: 0) == "1970-01-01T00:00:00.000000000Z")
        // Every digit position different (the digits are written two at a time).
        #expect(Timestamp.format(nanoseconds: 1_234_567_890_123_456_789) == "2009-02-13T23:31:30.123456789Z")
        #expect(Timestamp.format(nanoseconds: 1_000_000_000_000_000_000 + 987_654_321) == "2001-09-09T01:46:40.987654321Z")
        #expect(Timestamp.format(nanoseconds: 951_782_400_000_000_000) == "2000-02-29T00:00:00.000000000Z")
        #expect(Timestamp.format(nanoseconds: 1_798_761_599_999_999_999) == "2026-12-31T23:59:59.999999999Z")
        #expect(Timestamp.format(nanoseconds: -1) == "1969-12-31T23:59:59.999999999Z")
        // The ends of what an Int64 of nanoseconds holds: four-digit years, the same width.
        #expect(Timestamp.format(nanoseconds: .min) == "1677-09-21T00:12:43.145224192Z")
        #expect(Timestamp.format(nanoseconds: .max) == "2262-04-11T23:47:16.854775807Z")
        #expect(Timestamp.parse("2026-11-01T00:00:00Z") == referenceTime)
        #expect(Timestamp.parse("2026-11-01T02:00:00.5+02:00") == referenceTime + 500_000_000)
        #expect(Timestamp.parse("2026-11-01T00:00:00.000000123Z") == referenceTime + 123)
        #expect(Timestamp.parse("2026-02-30T00:00:00Z") == nil)
        // Leniencies the log keeps for hand-typed filters: `t` or a space, `z`, a leap second.
        #expect(Timestamp.parse("2026-11-01 00:00:00z") == referenceTime)
        #expect(Timestamp.parse("2026-11-01t00:00:00Z") == referenceTime)
        #expect(Timestamp.parse("2026-10-31T23:59:60Z") == referenceTime)
        #expect(Timestamp.parse("2026-11-01T00:00:00") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
    }

    @Test(arguments: 0..<4)
    func canonicalJSONIsTheEventsSortedJSONText(variant: Int) {
        var record = sampleRecord(variant)
        switch variant {
        case 0: break
        case 1:
            record.query = "data.x = y"; record.errorCode = "eval_conflict_error"; record.outcome = "denied"
            record.erased = ["/input/password"]; record.masked = ["/input/card"]; record.policyRevision = "7"
            record.labels = ["pipeline": "orders", "app": "tollgate", "id": "é-\u{1F600}", "a_b": "q\"\n"]
            record.reasons = ["no \"role\"", "second"]
            record.metrics = ["timer_rego_query_eval_ns": 12, "timer_connector_ns": 3]
        case 2:
            record.allowed = nil; record.subject = nil; record.result = nil; record.input = nil; record.policyHash = nil
            record.labels = [:]
        default:
            record.input = ["z": [1, 2.5, "x"], "a": .set(RegoSet([3, 1, 2])), "m": ["k": .null]]
            record.result = ["allowed": false, "reasons": ["r"]]
            record.allowed = false
            record.timestamp = -1
        }
        #expect(record.canonicalJSON == record.json.jsonText)
    }
}
