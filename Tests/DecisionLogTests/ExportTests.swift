@testable import DecisionLog
import RegoValue
import Testing

@Suite struct ExportTests {
    @Test func jsonLinesAreCanonicalEventsOldestFirst() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append([sampleRecord(1), sampleRecord(2, subject: "bob")])
        var lines: [String] = []
        try JSONLinesExporter.export(from: store) { lines.append($0) }
        #expect(lines == [sampleRecord(1).canonicalJSON + "\n", sampleRecord(2, subject: "bob").canonicalJSON + "\n"])
        var bobs: [String] = []
        try JSONLinesExporter.export(from: store, filter: DecisionFilter(subject: "bob")) { bobs.append($0) }
        #expect(bobs.count == 1)
        #expect(try DecisionRecord(jsonText: String(bobs[0].dropLast())) == sampleRecord(2, subject: "bob"))
    }

    @Test func cefLineHasHeaderAndExtensions() {
        var record = sampleRecord(1, allowed: false)
        record.reasons = ["owner only"]
        let line = CEFExporter(version: "0.3.0").line(record)
        #expect(line == "CEF:0|Tollgate|Tollgate|0.3.0|decision|httpapi/authz/allow|5|rt=1793491201000 suser=alice outcome=denied "
            + "cs1Label=decision_id cs1=d-1 cs2Label=policy_hash cs2=abc123 cs3Label=reasons cs3=owner only "
            + "cs4Label=requested_by cs4=127.0.0.1:5000\n")
    }

    @Test func cefEscapesPipesBackslashesAndEquals() {
        var record = sampleRecord(1, subject: "a=b\\c", path: "odd|path", allowed: nil)
        record.policyHash = nil
        record.requestedBy = ""
        let line = CEFExporter(version: "1|2").line(record)
        #expect(line == "CEF:0|Tollgate|Tollgate|1\\|2|decision|odd\\|path|6|rt=1793491201000 suser=a\\=b\\\\c outcome=undefined cs1Label=decision_id cs1=d-1\n")
        #expect(CEFExporter.escapeExtension("x\ny") == "x\\ny")
    }

    @Test func cefSeverityFollowsOutcome() {
        #expect(CEFExporter.severity(sampleRecord(1, allowed: true)) == 3)
        #expect(CEFExporter.severity(sampleRecord(1, allowed: false)) == 5)
        #expect(CEFExporter.severity(sampleRecord(1, allowed: nil)) == 6)
        var failed = sampleRecord(1)
        failed.errorCode = "eval_conflict_error"
        #expect(CEFExporter.severity(failed) == 8)
    }
}
