import DataStore
@testable import DecisionLog
import Testing

/// Time and path filters read the blocks their summaries point to; these tests span several blocks.
@Suite struct BlockSummaryTests {
    /// 2,600 records over three blocks, one per second; `audit/read` only for records 1,100…1,109
    /// (all in the second block); record 2,500 (third block) stamped as if it were record 10.
    func store(_ db: TemporaryDatabase) throws -> DecisionStore {
        let store = try DecisionStore(path: db.path)
        try store.append((0..<2600).map { i in
            let path = (1100..<1110).contains(i) ? "audit/read" : (i % 2 == 0 ? "httpapi/authz/allow" : "pipelines/orders/allow")
            return sampleRecord(i, subject: nil, path: path, at: i == 2500 ? referenceTime + 10_000_000_000 : nil)
        })
        return store
    }

    func ids(_ page: DecisionPage) -> [String] { page.records.map(\.decisionID) }

    func expectedIDs(_ numbers: some Sequence<Int>) -> [String] { numbers.map { "d-\($0)" } }

    @Test func summariesBoundEveryBlock() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        let blocks = try s.reader.query("SELECT first_seq, last_seq, min_ts, max_ts FROM decision_log_block ORDER BY first_seq") {
            [$0.int(0), $0.int(1), $0.int(2), $0.int(3)]
        }
        #expect(blocks == [
            [1, 1024, referenceTime, referenceTime + 1023_000_000_000],
            [1025, 2048, referenceTime + 1024_000_000_000, referenceTime + 2047_000_000_000],
            [2049, 2600, referenceTime + 10_000_000_000, referenceTime + 2599_000_000_000],
        ])
        // Ids compare as bytes: d-0…d-1023 run from "d-0" to "d-999".
        let idBounds = try s.reader.query("SELECT min_id, max_id FROM decision_log_block ORDER BY first_seq") { [$0.text(0) ?? "", $0.text(1) ?? ""] }
        #expect(idBounds == [["d-0", "d-999"], ["d-1024", "d-2047"], ["d-2048", "d-2599"]])
        let audit = try s.reader.query("SELECT first_seq FROM decision_log_block_path WHERE path = 'audit/read'") { $0.int(0) }
        #expect(audit == [1025])
        #expect(try s.reader.query("SELECT COUNT(*) FROM decision_log_block_path") { $0.int(0) } == [7])
    }

    /// A block's id bounds take ids that fall below its least one and above its greatest, in any
    /// order, and ids that are a prefix of another sort before it.
    @Test func idBoundsTakeIdsInAnyOrder() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let ids = ["m-5", "m-3", "m-9", "m-9x", "m-1", "m-7", "m-", "m-95"]
        try store.append(ids.enumerated().map { index, id in
            var record = sampleRecord(index)
            record.decisionID = id
            return record
        })
        let bounds = try store.reader.query("SELECT min_id, max_id FROM decision_log_block") { [$0.text(0) ?? "", $0.text(1) ?? ""] }
        #expect(bounds == [["m-", "m-9x"]])
        for id in ids { #expect(try store.list(DecisionFilter(id: id)).records.map(\.decisionID) == [id]) }
    }

    @Test func pathFiltersFindRecordsInTheBlocksThatHoldThem() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        #expect(ids(try s.list(DecisionFilter(path: "audit/read"))) == expectedIDs((1100..<1110).reversed()))
        #expect(ids(try s.list(DecisionFilter(path: "audit/*"))) == expectedIDs((1100..<1110).reversed()))
        #expect(try s.list(DecisionFilter(path: "audit")).records.isEmpty)
        // A page reaches back across blocks, newest first.
        let orders = try s.list(DecisionFilter(path: "pipelines/orders/allow", limit: 1000))
        #expect(orders.records.count == 1000)
        #expect(orders.records.first?.decisionID == "d-2599")
        // Odd records from 2,599 down, but for the five odd ones of `audit/read`.
        #expect(orders.records.last?.decisionID == "d-591")
        #expect(orders.nextCursor != nil)
    }

    @Test func pagingThroughBlocksVisitsEveryMatchOnce() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        let filter = DecisionFilter(path: "httpapi/*", limit: 333)
        var seen: [String] = []
        var page = try s.list(filter)
        seen += ids(page)
        while let next = page.nextCursor {
            page = try s.list(filter, after: next)
            seen += ids(page)
        }
        #expect(seen == expectedIDs(stride(from: 2598, through: 0, by: -2)).filter { !(1100..<1110).map { "d-\($0)" }.contains($0) })
    }

    @Test func timeFiltersAreExactAcrossBlocks() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        let second = Int64(1_000_000_000)
        // Records 1,020…1,030: across the first two blocks.
        let window = DecisionFilter(since: referenceTime + 1020 * second, until: referenceTime + 1030 * second)
        #expect(ids(try s.list(window)) == expectedIDs((1020...1030).reversed()))
        // Record 2,500 is stamped with record 10's time: a time filter finds it in its late block.
        let early = DecisionFilter(since: referenceTime + 9 * second, until: referenceTime + 11 * second)
        #expect(ids(try s.list(early)) == ["d-2500", "d-11", "d-10", "d-9"])
        #expect(try s.list(DecisionFilter(since: referenceTime + 2600 * second)).records.isEmpty)
        var exported: [String] = []
        try s.forEach(DecisionFilter(since: referenceTime + 2595 * second)) { exported.append($0.decisionID) }
        #expect(exported == expectedIDs(2595..<2600))
        exported = []
        try s.forEach(DecisionFilter(until: referenceTime + 2 * second)) { exported.append($0.decisionID) }
        #expect(exported == expectedIDs(0...2))
    }

    /// 2,600 records whose ids sort in the order they were made, as decision ids do.
    func orderedStore(_ db: TemporaryDatabase) throws -> DecisionStore {
        let store = try DecisionStore(path: db.path)
        try store.append((0..<2600).map { i in
            var record = sampleRecord(i)
            record.decisionID = "id-" + String(repeating: "0", count: 6 - String(i).count) + String(i)
            return record
        })
        return store
    }

    @Test func anIDIsLookedUpInTheBlocksWhoseBoundsHoldIt() throws {
        let db = try TemporaryDatabase()
        let s = try orderedStore(db)
        #expect(try s.rowRanges(DecisionFilter(id: "id-001500"), before: nil) == [1025...2048])
        #expect(try s.rowRanges(DecisionFilter(id: "id-000000"), before: nil) == [1...1024])
        #expect(try s.rowRanges(DecisionFilter(id: "id-009999"), before: nil) == [])
        for i in [0, 1023, 1024, 1500, 2599] {
            let id = "id-" + String(repeating: "0", count: 6 - String(i).count) + String(i)
            #expect(try s.get(id: id)?.decisionID == id)
            #expect(ids(try s.list(DecisionFilter(id: id))) == [id])
        }
        #expect(try s.get(id: "id-009999") == nil)
        #expect(try s.get(id: "id-0015") == nil)
        #expect(try s.list(DecisionFilter(id: "id-009999")).records.isEmpty)
        // Combined with other filters, and with ids that do not sort as they were made.
        #expect(try s.list(DecisionFilter(allowed: false, id: "id-001500")).records.isEmpty)
        let unordered = try TemporaryDatabase()
        let u = try store(unordered)
        #expect(try u.get(id: "d-1500")?.decisionID == "d-1500")
        #expect(try u.get(id: "d-2599")?.decisionID == "d-2599")
        #expect(try u.get(id: "d-26000") == nil)
    }

    @Test func pruneDropsTheSummariesOfRemovedBlocks() throws {
        let db = try TemporaryDatabase()
        let s = try store(db)
        // Up to record 1,499: the first block goes, the second keeps its summary (it still holds 1,500…2,047).
        #expect(try s.prune(before: referenceTime + 1500 * 1_000_000_000) == 1500)
        #expect(try s.reader.query("SELECT first_seq FROM decision_log_block ORDER BY first_seq") { $0.int(0) } == [1025, 2049])
        #expect(try s.reader.query("SELECT DISTINCT first_seq FROM decision_log_block_path ORDER BY first_seq") { $0.int(0) } == [1025, 2049])
        #expect(try s.list(DecisionFilter(path: "audit/read")).records.isEmpty)
        // Record 2,500, stamped early, stays: only a prefix of the chain is pruned.
        #expect(ids(try s.list(DecisionFilter(until: referenceTime + 1501 * 1_000_000_000))) == ["d-2500", "d-1501", "d-1500"])
        #expect(try s.verify() == ChainReport(count: 1100, failure: nil))
    }
}
