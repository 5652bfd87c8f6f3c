@testable import DecisionLog
import RegoValue
import Testing

@Suite struct QueryTests {
    /// 30 records: subjects alternate alice/bob/carol, every third denied, paths under two packages.
    func store(_ db: TemporaryDatabase) throws -> DecisionStore {
        let store = try DecisionStore(path: db.path)
        let subjects = ["alice", "bob", "carol"]
        try store.append((0..<30).map { i in
            sampleRecord(i, subject: subjects[i % 3], path: i < 20 ? "httpapi/authz/allow" : "pipelines/orders/allow",
                         allowed: i % 3 == 2 ? false : true)
        })
        return store
    }

    func ids(_ page: DecisionPage) -> [String] { page.records.map(\.decisionID) }

    @Test func defaultListIsNewestFirstWithLimit100() throws {
        let db = try TemporaryDatabase()
        let page = try store(db).list(DecisionFilter())
        #expect(page.records.count == 30)
        #expect(page.records.first?.decisionID == "d-29")
        #expect(page.nextCursor == nil)
    }

    @Test func eachFilterSelectsItsRecords() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        #expect(try s.list(DecisionFilter(subject: "bob")).records.allSatisfy { $0.subject == "bob" })
        #expect(try s.list(DecisionFilter(subject: "bob")).records.count == 10)
        #expect(try s.list(DecisionFilter(allowed: false)).records.count == 10)
        #expect(try s.list(DecisionFilter(allowed: true)).records.count == 20)
        #expect(try s.list(DecisionFilter(path: "pipelines/orders/allow")).records.count == 10)
        #expect(try s.list(DecisionFilter(path: "httpapi/*")).records.count == 20)
        #expect(try s.list(DecisionFilter(path: "httpapi/authz")).records.isEmpty)
        #expect(ids(try s.list(DecisionFilter(id: "d-17"))) == ["d-17"])
        let since = referenceTime + 25_000_000_000
        #expect(ids(try s.list(DecisionFilter(since: since))) == ["d-29", "d-28", "d-27", "d-26", "d-25"])
        #expect(ids(try s.list(DecisionFilter(until: referenceTime + 1_000_000_000))) == ["d-1", "d-0"])
        #expect(ids(try s.list(DecisionFilter(since: since, allowed: false, subject: "carol"))) == ["d-29", "d-26"])
        #expect(try s.list(DecisionFilter(limit: 4)).records.count == 4)
        #expect(try s.get(id: "d-3")?.subject == "alice")
        #expect(try s.get(id: "nope") == nil)
    }

    @Test func cursorPagingVisitsEveryRecordOnce() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        let filter = DecisionFilter(subject: "alice", limit: 3)
        var seen: [String] = []
        var page = try s.list(filter)
        seen += ids(page)
        while let next = page.nextCursor {
            // The cursor survives a round trip through its text form, as clients carry it.
            page = try s.list(filter, after: try DecisionCursor(next.description))
            seen += ids(page)
        }
        #expect(seen == stride(from: 27, through: 0, by: -3).map { "d-\($0)" })
        #expect(throws: DecisionLogError.self) { try DecisionCursor("garbage") }
    }

    @Test func parsesFilterParameters() throws {
        let filter = try DecisionFilter.parse(
            ["since": "2026-11-01T00:00:00Z", "until": "24h", "path": "data.httpapi.authz.allow", "allowed": "false",
             "subject": "alice", "id": "d-1", "limit": "50"],
            now: referenceTime + 86_400_000_000_000 * 2)
        #expect(filter == DecisionFilter(since: referenceTime, until: referenceTime + 86_400_000_000_000, path: "httpapi/authz/allow",
                                         allowed: false, subject: "alice", id: "d-1", limit: 50))
        #expect(try DecisionFilter.parsePath("httpapi/*") == "httpapi/*")
        #expect(try DecisionFilter.parseDuration("90d", parameter: "older-than") == 90 * 86_400_000_000_000)
    }

    @Test(arguments: [
        ("since", "last tuesday", "since"), ("until", "2026-13-01T00:00:00Z", "until"), ("allowed", "yes", "allowed"),
        ("limit", "0", "limit"), ("limit", "1001", "limit"), ("limit", "ten", "limit"), ("path", "a/*/b", "path"),
        ("subject", "", "subject"),
    ])
    func badParameterNamesItAndTheExpectedForm(name: String, value: String, reported: String) {
        do {
            _ = try DecisionFilter.parse([name: value], now: referenceTime)
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(error.code == "bad_filter")
            guard case .badParameter(let parameter, let badValue, let expected) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(parameter == reported)
            #expect(badValue == value)
            #expect(!expected.isEmpty)
        }
    }

    @Test func subjectQueryOverAHundredThousandRecords() throws {
        let db = try TemporaryDatabase()
        let s = try DecisionStore(path: db.path)
        for chunk in stride(from: 0, to: 100_000, by: 10_000) {
            try s.append((chunk..<(chunk + 10_000)).map { i in
                DecisionRecord(decisionID: "r-\(i)", timestamp: referenceTime + Int64(i), path: "p/allow",
                               allowed: i % 2 == 0, subject: "user-\(i % 1000)")
            })
        }
        let page = try s.list(DecisionFilter(subject: "user-42", limit: 1000))
        #expect(page.records.count == 100)
        #expect(page.records.first?.decisionID == "r-99042")
        #expect(page.records.last?.decisionID == "r-42")
        #expect(page.nextCursor == nil)
        // The walk goes through the rows of subject hashes, newest first, and reads a chunk by its
        // key only where they hold the subject's.
        let query = DecisionFilter(subject: "user-42").chunkQuery(before: nil, within: nil, newestFirst: true)
        let plan = try s.reader.query("EXPLAIN QUERY PLAN " + query.sql, query.parameters) { $0.text(3) ?? "" }
        #expect(plan.count == 2)
        #expect(plan.first?.contains("SCAN s") == true)
        #expect(plan.last?.contains("SEARCH c USING INTEGER PRIMARY KEY") == true)
        let hash = withUnsafeBytes(of: DecisionStore.subjectHash("user-42").littleEndian) { Array($0) }
        let holding = try s.reader.query("SELECT hashes FROM decision_log_chunk_subjects") { row in
            row.withBytes(0) { bytes in stride(from: 0, to: bytes.count, by: 4).contains { Array(bytes[$0..<($0 + 4)]) == hash } }
        }
        #expect(holding.filter { $0 }.count == 100)
    }
}
