@testable import DecisionLog
import Dispatch
import Foundation
import RegoValue
import Testing

@Suite struct DecisionLogWriterTests {
    @Test func thousandConcurrentRecordsAreAllCommittedInGroups() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<1000 {
                group.addTask { try await log.record(sampleRecord(i)) }
            }
            try await group.waitForAll()
        }
        let stats = log.statistics
        #expect(stats.written == 1000)
        #expect(stats.failed == 0)
        #expect(stats.transactions >= 1)
        #expect(try log.store.count() == 1000)
        for i in [0, 499, 999] { #expect(try log.store.get(id: "d-\(i)")?.decisionID == "d-\(i)") }
        #expect(try log.store.verify().isIntact)
        await log.close()
    }

    @Test func callersArrivingDuringACommitShareTheNextOne() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        // Hold the store's write lock from a thread of its own: the first caller's commit blocks
        // on it, and everyone arriving meanwhile queues for the next group. The lock is released
        // once 150 callers wait (or after 20 s, should the task pool be busy elsewhere).
        let held = DispatchSemaphore(value: 0)
        let holder = Thread {
            log.store.writeLock.lock()
            held.signal()
            let deadline = Date().addingTimeInterval(20)
            while log.waitingCount < 150 && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            log.store.writeLock.unlock()
        }
        holder.start()
        held.wait()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask { try await log.record(sampleRecord(i)) }
            }
            try await group.waitForAll()
        }
        let stats = log.statistics
        #expect(stats.written == 200)
        #expect(stats.transactions <= 51)
        #expect(try log.store.verify().isIntact)
        await log.close()
    }

    @Test func recordReturnsOnlyAfterCommit() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try await log.record(sampleRecord(1))
        // A separate connection sees it at once: the record was committed before `record` returned.
        let other = try DecisionStore(path: db.path)
        #expect(try other.get(id: "d-1") == sampleRecord(1))
        other.close()
        await log.close()
    }

    @Test func duplicateIdFailsAloneAndChainStaysIntact() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try await log.record(sampleRecord(1))
        await #expect(throws: DecisionLogError.self) { try await log.record(sampleRecord(1)) }
        try await log.record(sampleRecord(2))
        #expect(log.statistics.failed == 1)
        #expect(try log.store.verify() == ChainReport(count: 2, failure: nil))
        await log.close()
    }

    @Test func asynchronousModeDropsWhenBufferIsFullAndCloseDrains() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path, mode: .asynchronous(capacity: 10))
        var accepted = 0
        // Enqueue faster than the writer can take: some land, the overflow is counted.
        for i in 0..<5000 where log.enqueue(sampleRecord(i)) { accepted += 1 }
        await log.close()
        let reopened = try DecisionStore(path: db.path)
        #expect(try reopened.count() == accepted)
        #expect(log.droppedCount == 5000 - accepted)
        #expect(log.droppedCount > 0)
        #expect(try reopened.verify().isIntact)
        reopened.close()
    }

    @Test func recordAfterCloseThrowsClosed() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        await log.close()
        await #expect(throws: DecisionLogError.closed) { try await log.record(sampleRecord(1)) }
        #expect(!log.enqueue(sampleRecord(2)))
    }
}
