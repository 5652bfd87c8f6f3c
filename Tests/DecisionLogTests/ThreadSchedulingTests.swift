@testable import DecisionLog
import Dispatch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

#if os(Linux)
/// The calling thread's nice value.
private func currentNice() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
#endif

@Suite struct ThreadSchedulingTests {
    /// Runs `body` on a thread of its own, so no test-pool thread is left in another class.
    private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        let thread = Thread {
            result = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return result!
    }

    #if os(Linux)
    @Test func yieldingMovesTheThreadToTheIdleClassAndCompetingBack() {
        let classes = onOwnThread { () -> [Int32] in
            var scheduling = ThreadScheduling()
            var seen = [sched_getscheduler(0)]
            scheduling.set(.background)
            seen.append(sched_getscheduler(0))
            scheduling.set(.background)
            seen.append(sched_getscheduler(0))
            scheduling.compete()
            seen.append(sched_getscheduler(0))
            return seen
        }
        // SCHED_OTHER is 0 and SCHED_IDLE 5.
        #expect(classes == [0, 5, 5, 0])
    }

    @Test func competingGentlyRaisesTheNiceValueAndFullEffortLowersItAgain() {
        let seen = onOwnThread { () -> [[Int32]] in
            var scheduling = ThreadScheduling()
            var seen = [[sched_getscheduler(0), currentNice()]]
            for effort in [IndexingEffort.competing(nice: 10), .competing(nice: 4), .background, .full] {
                scheduling.set(effort)
                seen.append([sched_getscheduler(0), currentNice()])
            }
            return seen
        }
        // The class (SCHED_OTHER 0, SCHED_IDLE 5) and the nice value after each step.
        #expect(seen == [[0, 0], [0, 10], [0, 4], [5, 4], [0, 0]])
    }

    @Test func aThreadThatCouldNotComeBackNeverLeavesFullEffort() {
        let seen = onOwnThread { () -> [Int32] in
            var scheduling = ThreadScheduling(mayBackground: false)
            scheduling.set(.competing(nice: 10))
            return [sched_getscheduler(0), currentNice(), scheduling.effort == .full ? 1 : 0]
        }
        #expect(seen == [0, 0, 1])
    }

    @Test func aThreadThatCouldNotComeBackNeverEntersTheIdleClass() {
        let classes = onOwnThread { () -> [Int32] in
            var scheduling = ThreadScheduling(mayBackground: false)
            var seen = [sched_getscheduler(0)]
            scheduling.set(.background)
            seen.append(sched_getscheduler(0))
            seen.append(scheduling.isBackground ? 1 : 0)
            return seen
        }
        #expect(classes == [0, 0, 0])
    }

    @Test func leavingTheIdleClassNeedsTheNiceCapabilityOrLimit() {
        let sysNice: UInt64 = 1 << 23
        #expect(ThreadScheduling.mayLeaveIdleClass(niceLimit: 0, effectiveCapabilities: sysNice))
        #expect(ThreadScheduling.mayLeaveIdleClass(niceLimit: 20, effectiveCapabilities: 0))
        #expect(!ThreadScheduling.mayLeaveIdleClass(niceLimit: 19, effectiveCapabilities: 0))
        // Root in a container without CAP_SYS_NICE: every other capability, not that one.
        #expect(!ThreadScheduling.mayLeaveIdleClass(niceLimit: 0, effectiveCapabilities: 0x1ff_ffff_ffff & ~sysNice))
        let status = "Name:\ttollgate\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\nCapBnd:\t000001ffffffffff\n"
        #expect(ThreadScheduling.effectiveCapabilities(status: status) == 0x1fffeffffff)
        #expect(ThreadScheduling.effectiveCapabilities(status: "Name:\tx\n") == 0)
        #expect(ThreadScheduling.effectiveCapabilities(status: "CapEff:\tnot-hex\n") == 0)
    }

    @Test func threadsAreNamedAsTheKernelShowsThem() async throws {
        let name = onOwnThread { () -> String in
            ThreadScheduling.nameCurrentThread("a-name-longer-than-fifteen-bytes")
            return (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        }
        #expect(name == "a-name-longer-t\n")
        // The log's thread carries its name while the log is open.
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        var names: [String] = []
        for _ in 0..<100 where !names.contains("decision-log") {
            names = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).map { task in
                ((try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
            }
            if !names.contains("decision-log") { try await Task.sleep(nanoseconds: 10_000_000) }
        }
        #expect(names.contains("decision-log"))
        await log.close()
    }
    #endif

    @Test func turnsOfferTheCoreOnlyOnceTheIntervalHasPassed() {
        var never = CoreTurns(interval: 3600)
        let neverOffers = [never.pass(), never.pass()]
        #expect(neverOffers == [false, false])
        var always = CoreTurns(interval: 0)
        let alwaysOffers = [always.pass(), always.pass()]
        #expect(alwaysOffers == [true, true])
        var turns = CoreTurns(interval: 0.005)
        usleep(10_000)
        let afterTheInterval = turns.pass()
        #expect(afterTheInterval)
        var slow = CoreTurns(interval: 3600)
        usleep(10_000)
        let beforeTheInterval = slow.pass()
        #expect(!beforeTheInterval)
    }

    @Test func theLogsFileWorkOffersTheCoreOnlyOnAThreadThatAskedForIt() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        defer { store.close() }
        // Indexes and checkpoints `count` records from `first` on: a commit and a checkpoint of
        // several pages, each one call into SQLite.
        @Sendable func writeAndCheckpoint(from first: Int, count: Int) throws {
            try store.append((first..<(first + count)).map { sampleRecord($0) })
            try store.checkpoint()
        }
        let offers = try onOwnThread { () -> Result<(asked: Int, stopped: Int, other: Int), Error> in
            Result {
                CoreTurns.offerDuringFileWork(interval: 0.000_000_001)
                let start = CoreTurns.offersDuringFileWork
                try writeAndCheckpoint(from: 1, count: 200)
                let asked = CoreTurns.offersDuringFileWork - start
                CoreTurns.offerDuringFileWork(interval: 0)
                try writeAndCheckpoint(from: 201, count: 200)
                return (asked, CoreTurns.offersDuringFileWork - start - asked, 0)
            }
        }.get()
        // Every page read or written past the interval is an offer.
        #expect(offers.asked > 10)
        #expect(offers.stopped == 0)
        // A thread that never asked (queries from request threads) never offers.
        let other = try onOwnThread { () -> Result<Int, Error> in
            Result {
                try writeAndCheckpoint(from: 401, count: 200)
                return CoreTurns.offersDuringFileWork
            }
        }.get()
        #expect(other == 0)
        #expect(try store.verify() == ChainReport(count: 600, failure: nil))
    }

    @Test func statisticsDoNotWaitForAnIndexingPass() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        for i in 0..<3 { try log.record(sampleRecord(i)) }
        // An indexing pass holds the journal's lock from start to end; `/metrics` reads the
        // statistics meanwhile.
        let read = DispatchSemaphore(value: 0)
        let written = log.store.journal.withLock { _ -> Int in
            nonisolated(unsafe) var written = -1
            Thread {
                written = log.statistics.written
                read.signal()
            }.start()
            let answered = read.wait(timeout: .now() + 5) == .success
            return answered ? written : -1
        }
        if written == -1 { read.wait() }
        #expect(written == 3)
        await log.close()
    }
}
