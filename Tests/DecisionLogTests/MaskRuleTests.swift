import Foundation
@testable import DecisionLog
import RegoValue
import Testing

@Suite struct MaskRuleTests {
    let record = DecisionRecord(
        decisionID: "m-1", timestamp: referenceTime, path: "httpapi/authz/allow",
        input: ["user": "alice", "password": "hunter2-secret", "card": ["number": "4111", "exp": "12/29"]],
        result: ["allowed": true, "token": "t0k3n"], allowed: true, subject: "alice")

    @Test func pointerStringsEraseAndAreListed() throws {
        let rules = try MaskRule.rules(from: .set(RegoSet(["/input/password", "/input/card/number", "/input/absent"])))
        let masked = MaskRule.apply(rules, to: record)
        #expect(masked.input == ["user": "alice", "card": ["exp": "12/29"]])
        #expect(masked.erased == ["/input/card/number", "/input/password"])
        #expect(masked.masked.isEmpty)
    }

    @Test func upsertReplacesAndRemoveErases() throws {
        let value: Value = [
            ["op": "upsert", "path": "/input/password", "value": "***"],
            ["op": "upsert", "path": "/input/meta/masked", "value": true],
            ["op": "remove", "path": "/result/token"],
        ]
        let masked = MaskRule.apply(try MaskRule.rules(from: value), to: record)
        #expect(masked.input?.objectValue?["password"] == "***")
        #expect(masked.input?.objectValue?["meta"] == ["masked": true])
        #expect(masked.result == ["allowed": true])
        #expect(masked.masked == ["/input/meta/masked", "/input/password"])
        #expect(masked.erased == ["/result/token"])
    }

    @Test func erasingTheWholeInputRemovesIt() throws {
        let masked = MaskRule.apply(try MaskRule.rules(from: ["/input"]), to: record)
        #expect(masked.input == nil)
        #expect(masked.json.objectValue?["input"] == nil)
        #expect(masked.erased == ["/input"])
    }

    @Test func badRulesNameTheirIndex() {
        #expect(throws: DecisionLogError.badMaskRule(index: 1, reason: "pointer \"/data/x\" does not start with /input or /result")) {
            try MaskRule.rules(from: ["/input/a", "/data/x"])
        }
        #expect((try? MaskRule.rules(from: [["op": "explode", "path": "/input/a"]])) == nil)
        #expect((try? MaskRule.rules(from: [["op": "upsert", "path": "/input/a"]])) == nil)
        #expect((try? MaskRule.rules(from: [3])) == nil)
        #expect((try? MaskRule.rules(from: nil)) == [])
    }

    @Test func dropOnlyWhenExactlyTrue() {
        #expect(MaskRule.shouldDrop(.bool(true)))
        #expect(!MaskRule.shouldDrop(.bool(false)))
        #expect(!MaskRule.shouldDrop(nil))
        #expect(!MaskRule.shouldDrop("true"))
    }

    @Test func erasedValueNeverReachesTheFile() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        let rules = try MaskRule.rules(from: ["/input/password", ["op": "upsert", "path": "/input/card/number", "value": "****"]])
        for i in 0..<20 {
            var r = record
            r.decisionID = "m-\(i)"
            try log.record(MaskRule.apply(rules, to: r))
        }
        // Before indexing (the journal) and after (the tables), the secret is nowhere on disk.
        for stage in ["journaled", "indexed"] {
            if stage == "indexed" { await log.close() } else { #expect(!db.segments.isEmpty) }
            let bytes = db.allBytes
            #expect(bytes.range(of: Data("12/29".utf8)) != nil, "\(stage): the record is not on disk")
            #expect(bytes.range(of: Data("hunter2-secret".utf8)) == nil, "\(stage)")
            #expect(bytes.range(of: Data("4111".utf8)) == nil, "\(stage)")
        }
    }
}
