@testable import DecisionLog
import Dispatch
import Foundation
import RegoValue
import Testing

@Suite struct DecisionLogWriterTests {
    @Test func thousandConcurrentRecordsAreAllJournaledIndexedAndChained() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<1000 {
                group.addTask { try log.record(sampleRecord(i)) }
            }
            try await group.waitForAll()
        }
        #expect(try log.store.count() == 1000)
        let stats = log.statistics
        #expect(stats.written == 1000)
        #expect(stats.indexed == 1000)
        #expect(stats.failed == 0)
        #expect(stats.transactions >= 1)
        for i in [0, 499, 999] { #expect(try log.store.get(id: "d-\(i)")?.decisionID == "d-\(i)") }
        #expect(try log.store.verify() == ChainReport(count: 1000, failure: nil))
        await log.close()
    }

    @Test func recordIsVisibleToAnotherConnectionAsSoonAsItReturns() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try log.record(sampleRecord(1))
        // A second store (as the CLI opens one) indexes the journal's tail before it answers.
        let other = try DecisionStore(path: db.path)
        #expect(try other.get(id: "d-1") == sampleRecord(1))
        other.close()
        await log.close()
    }

    @Test func manyRecordsAreIndexedInOneTransaction() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        // The journal alone, without the log's thread: nothing is indexed until asked.
        let journal = try DecisionJournal(store: store)
        for i in 0..<200 { try journal.append([sampleRecord(i)]) }
        #expect(store.indexingTotals == (records: 0, transactions: 0))
        let pass = try store.indexJournal()
        #expect(pass.records == 200)
        #expect(pass.transactions == 1)
        #expect(try store.indexJournal() == (records: 0, transactions: 0))
        #expect(try store.verify() == ChainReport(count: 200, failure: nil))
        try journal.close()
        store.close()
    }

    @Test func repeatedDecisionIDIsKeptAndChainStaysIntact() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try log.record(sampleRecord(1))
        var again = sampleRecord(1)
        again.subject = "bob"
        try log.record(again)
        try log.record(sampleRecord(2))
        #expect(try log.store.verify() == ChainReport(count: 3, failure: nil))
        #expect(try log.store.get(id: "d-1")?.subject == "bob")
        #expect(log.statistics.failed == 0)
        await log.close()
    }

    @Test func asynchronousModeDropsWhenBufferIsFullAndCloseDrains() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path, mode: .asynchronous(capacity: 10))
        var accepted = 0
        // Enqueue faster than the log's thread can take: some land, the overflow is counted.
        for i in 0..<5000 where log.enqueue(sampleRecord(i)) { accepted += 1 }
        await log.close()
        let reopened = try DecisionStore(path: db.path)
        #expect(try reopened.count() == accepted)
        #expect(log.droppedCount == 5000 - accepted)
        #expect(log.droppedCount > 0)
        #expect(try reopened.verify().isIntact)
        reopened.close()
    }

    @Test func asynchronousRecordsAreJournaledOnTheNextPassWithoutClosing() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path, mode: .asynchronous(capacity: 100))
        // Two records: far from half the buffer, so nothing wakes the log's thread early.
        #expect(log.enqueue(sampleRecord(1)))
        #expect(log.enqueue(sampleRecord(2)))
        var waited = 0
        while log.statistics.written < 2 && waited < 500 {
            try await Task.sleep(nanoseconds: 10_000_000)
            waited += 1
        }
        #expect(log.statistics.written == 2)
        #expect(try log.store.count() == 2)
        await log.close()
    }

    @Test func recordAfterCloseThrowsClosed() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        await log.close()
        #expect(throws: DecisionLogError.closed) { try log.record(sampleRecord(1)) }
        #expect(!log.enqueue(sampleRecord(2)))
    }

    @Test func closeIndexesEverythingAndRemovesTheJournal() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        for i in 0..<50 { try log.record(sampleRecord(i)) }
        #expect(db.segments.count == 1)
        await log.close()
        #expect(db.segments.isEmpty)
        let reopened = try DecisionStore(path: db.path)
        #expect(try reopened.count() == 50)
        reopened.close()
    }
}
