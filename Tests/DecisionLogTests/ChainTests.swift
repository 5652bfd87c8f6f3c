import Foundation
import DataStore
@testable import DecisionLog
import RegoValue
import Testing

@Suite struct ChainTests {
    /// A store holding records d-1 … d-`count`, appended in three groups.
    func filledStore(_ db: TemporaryDatabase, count: Int = 10) throws -> DecisionStore {
        let store = try DecisionStore(path: db.path)
        let records = (1...count).map { sampleRecord($0) }
        try store.append(Array(records[0..<3]))
        try store.append(Array(records[3..<7]))
        try store.append(Array(records[7...]))
        return store
    }

    @Test func intactChainVerifies() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        let report = try store.verify()
        #expect(report == ChainReport(count: 10, failure: nil))
        #expect(report.description == "OK: 10 records verified")
    }

    @Test func emptyLogVerifies() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        #expect(try store.verify() == ChainReport(count: 0, failure: nil))
    }

    @Test func editedJSONIsDetected() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        try store.tamper { records in
            records[4].json = records[4].json.replacingOccurrences(of: "\"allowed\":true", with: "\"allowed\":false")
        }
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .altered)
        #expect(failure.decisionID == "d-5")
        #expect(failure.position == 5)
    }

    @Test func editedFilterColumnIsDetected() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        try store.tamper { records in records[3].subject = "mallory" }
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .altered)
        #expect(failure.decisionID == "d-4")
        #expect(failure.detail == "its stored subject differs from its hashed record")
    }

    @Test func rowsCutOffTheEndStayDetectedAfterMoreAreAppended() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        try store.tamper { records in records.removeLast(2) }
        store.close()
        // A restarted sidecar goes on from the head anchor, so the cut shows as a break.
        let reopened = try DecisionStore(path: db.path)
        try reopened.append([sampleRecord(11)])
        let failure = try #require(try reopened.verify().failure)
        #expect(failure.decisionID == "d-11")
        #expect(failure.problem == .removed)
        reopened.close()
    }

    @Test func deletedMiddleRowIsDetected() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        try store.tamper { records in records.removeAll { $0.decisionID == "d-4" } }
        let report = try store.verify()
        let failure = try #require(report.failure)
        #expect(failure.problem == .removed)
        #expect(failure.decisionID == "d-5")
        #expect(failure.position == 4)
        #expect(report.description.hasPrefix("BROKEN: record 4 (decision d-5)"))
    }

    @Test func deletedNewestRowIsDetected() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        try store.tamper { records in records.removeAll { $0.decisionID == "d-10" } }
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .truncated)
        #expect(failure.decisionID == "d-9")
    }

    @Test func swappedRecordsAreDetected() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        // d-6 and d-7 change places, each taking the other's number.
        try store.tamper { records in
            records.swapAt(5, 6)
            (records[5].seq, records[6].seq) = (records[6].seq, records[5].seq)
        }
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .reordered)
        #expect(failure.decisionID == "d-7")
        #expect(failure.position == 6)
    }

    @Test func pruneKeepsTheRestVerifiable() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        // d-i is stamped referenceTime + i seconds: everything before d-5 goes.
        let removed = try store.prune(before: referenceTime + 5_000_000_000)
        #expect(removed == 4)
        #expect(try store.count() == 6)
        #expect(try store.get(id: "d-4") == nil)
        #expect(try store.verify() == ChainReport(count: 6, failure: nil))
        // New records chain on, and the chain still verifies.
        try store.append([sampleRecord(11)])
        #expect(try store.verify() == ChainReport(count: 7, failure: nil))
        // Tampering with what is left is still found, including the first remaining record.
        try store.tamper { records in records.removeAll { $0.decisionID == "d-5" } }
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .removed)
        #expect(failure.decisionID == "d-6")
        #expect(failure.position == 1)
    }

    @Test func pruneByDurationAndPruneEverything() throws {
        let db = try TemporaryDatabase()
        let store = try filledStore(db)
        let now = referenceTime + 8_000_000_000
        #expect(try store.prune(olderThan: .seconds(5), now: now) == 2)
        #expect(try store.prune(before: referenceTime + 100_000_000_000) == 8)
        #expect(try store.verify() == ChainReport(count: 0, failure: nil))
        try store.append([sampleRecord(20)])
        #expect(try store.verify() == ChainReport(count: 1, failure: nil))
        #expect(try store.prune(before: referenceTime) == 0)
    }

    @Test func chainHashIsSHA256OfPreviousAndJSON() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append([sampleRecord(1)])
        let row = try #require(try store.storedRecords().first)
        #expect(row.previousHash == DecisionStore.genesisHash)
        #expect(row.json == sampleRecord(1).canonicalJSON)
        #expect(row.hash == SHA256.hex(DecisionStore.genesisHash + sampleRecord(1).canonicalJSON))
    }
}
