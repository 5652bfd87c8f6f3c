import Dispatch
import RegoValue
import Foundation
import Synchronization

/// The decision log: commits decisions in groups, one writer at a time, and answers auditors' queries.
///
/// `record(_:)` returns once the record's group is committed, so a decision is answered only after it
/// is durable. The caller that finds no commit in progress commits its own record at once, together
/// with every record queued by callers that arrived meanwhile (they wait; the group is theirs too),
/// then hands the turn to the first caller still waiting. An uncontended decision is thus written
/// without a thread hop, and a busy log commits in groups as large as the load.
///
/// `enqueue(_:)` (the `.asynchronous` mode) returns at once; a writer thread commits those records,
/// and when its bounded buffer is full a record is dropped and counted in `droppedCount`.
///
/// ```swift
/// let log = try DecisionLog(path: "var/tollgate.sqlite")
/// try await log.record(record)        // durable when this returns
/// let page = try log.store.list(DecisionFilter(allowed: false))
/// await log.close()                   // drains what is queued
/// ```
public final class DecisionLog: Sendable {
    /// How `record`/`enqueue` relate to the commit.
    public enum Mode: Sendable, Equatable {
        /// Callers wait for the commit of their record's group.
        case synchronous
        /// Callers never wait; at most `capacity` records wait in memory, the rest are dropped.
        case asynchronous(capacity: Int)
    }

    /// Counters for `/metrics` and tests.
    public struct Statistics: Sendable, Equatable {
        /// Records committed.
        public var written = 0
        /// Transactions committed (one per group).
        public var transactions = 0
        /// Records dropped because the asynchronous buffer was full.
        public var dropped = 0
        /// Records that failed to be written (storage errors, duplicate ids).
        public var failed = 0
    }

    private struct Pending {
        var record: DecisionRecord
        var waiter: CheckedContinuation<Void, any Error>?
    }

    /// What a waiting `record` call is told when it resumes.
    private enum Turn {
        /// Its record was committed by another caller's group.
        case written
        /// No one is committing: it commits the waiting group itself.
        case lead
    }

    private struct Waiting {
        var record: DecisionRecord
        var waiter: CheckedContinuation<Turn, any Error>
    }

    private struct State {
        /// Records for the writer thread (`enqueue`).
        var queue: [Pending] = []
        /// `record` callers waiting for the current group commit.
        var waiting: [Waiting] = []
        /// Whether a `record` caller is committing a group now.
        var leading = false
        /// `close()` waiting for the last group commit to end.
        var closeWaiter: CheckedContinuation<Void, Never>?
        var closed = false
        var statistics = Statistics()
    }

    /// The tables the log writes to; use it for queries, verification and pruning.
    public let store: DecisionStore
    /// The mode chosen at creation.
    public let mode: Mode
    private let state = Mutex(State())
    /// Signalled once per queued record (and on close); the writer waits on it.
    private let pending = DispatchSemaphore(value: 0)
    /// Signalled when the writer thread has drained everything and ended.
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the log in the SQLite file at `path` and starts its writer task.
    public convenience init(path: String, mode: Mode = .synchronous) throws(DecisionLogError) {
        self.init(store: try DecisionStore(path: path), mode: mode)
    }

    /// Starts a writer thread over an open store. The writer blocks in SQLite, so it has a thread
    /// of its own rather than a seat in the shared task pool that serves requests.
    public init(store: DecisionStore, mode: Mode = .synchronous) {
        self.store = store
        self.mode = mode
        // Checkpoints run on the writer thread; if they cannot be moved there, SQLite keeps
        // running them itself after commits, which is slower but loses nothing.
        try? store.checkpointInBackground()
        let thread = Thread { [self] in
            self.runWriter()
            self.finished.signal()
        }
        thread.name = "tollgate-decision-log"
        thread.start()
    }

    /// Writes `record` and returns once its group is committed; throws when it could not be written.
    public func record(_ record: DecisionRecord) async throws {
        let leads: Bool? = state.withLock { state in
            if state.closed { return nil }
            if state.leading { return false }
            state.leading = true
            return true
        }
        guard let leads else { throw DecisionLogError.closed }
        if leads { return try commitGroup(with: record) }
        let turn = try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Turn, any Error>) in
            // Checked again under the lock: the committing caller may have finished meanwhile.
            let now: Result<Turn, any Error>? = state.withLock { state in
                if state.leading {
                    state.waiting.append(Waiting(record: record, waiter: waiter))
                    return nil
                }
                if state.closed { return .failure(DecisionLogError.closed) }
                state.leading = true
                return .success(.lead)
            }
            if let now { waiter.resume(with: now) }
        }
        if turn == .lead { try commitGroup(with: record) }
    }

    /// Commits `own` with every waiting record in one transaction, resumes the waiters, then passes
    /// the turn to the first caller that queued during the commit (or ends it).
    private func commitGroup(with own: DecisionRecord) throws {
        let group = state.withLock { state in
            defer { state.waiting.removeAll(keepingCapacity: true) }
            return state.waiting
        }
        var records = [own]
        records.reserveCapacity(group.count + 1)
        for item in group { records.append(item.record) }
        let outcome: Result<[Result<Void, DecisionLogError>], DecisionLogError>
        do { outcome = .success(try store.append(records)) } catch { outcome = .failure(error) }
        var failed = 0
        var ownResult: Result<Void, DecisionLogError> = .success(())
        for index in records.indices {
            let result: Result<Void, DecisionLogError>
            switch outcome {
            case .success(let results): result = results[index]
            case .failure(let error): result = .failure(error)
            }
            if case .failure = result { failed += 1 }
            if index == 0 {
                ownResult = result
            } else {
                group[index - 1].waiter.resume(with: result.map { Turn.written }.mapError { $0 as any Error })
            }
        }
        let committed: Bool
        if case .success = outcome { committed = true } else { committed = false }
        let (next, closer) = state.withLock { state -> (Waiting?, CheckedContinuation<Void, Never>?) in
            state.statistics.failed += failed
            state.statistics.written += records.count - failed
            if committed { state.statistics.transactions += 1 }
            if state.waiting.isEmpty {
                state.leading = false
                defer { state.closeWaiter = nil }
                return (nil, state.closeWaiter)
            }
            return (state.waiting.removeFirst(), nil)
        }
        next?.waiter.resume(returning: .lead)
        closer?.resume()
        try ownResult.get()
    }

    /// Queues `record` without waiting; false when it was dropped (buffer full or log closed).
    @discardableResult
    public func enqueue(_ record: DecisionRecord) -> Bool {
        let capacity: Int
        switch mode {
        case .synchronous: capacity = Int.max
        case .asynchronous(let limit): capacity = max(1, limit)
        }
        let queued = state.withLock { state -> Bool in
            guard !state.closed, state.queue.count < capacity else {
                state.statistics.dropped += 1
                return false
            }
            state.queue.append(Pending(record: record, waiter: nil))
            return true
        }
        if queued { pending.signal() }
        return queued
    }

    /// How many `record` callers wait for the group commit in progress.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// The counters so far.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Records dropped because the asynchronous buffer was full.
    public var droppedCount: Int { statistics.dropped }

    /// Stops accepting records, writes everything queued or waiting, waits for the writers, and closes the store.
    public func close() async {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        // Let a group commit in progress (and the turns it hands on) finish first.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let busy = state.withLock { state -> Bool in
                if state.leading { state.closeWaiter = done }
                return state.leading
            }
            if !busy { done.resume() }
        }
        pending.signal()
        // Wait for the writer without blocking a task-pool thread.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.finished.wait()
                done.resume()
            }
        }
        store.close()
    }

    /// The writer: waits for records, takes everything queued as one group, commits it in one
    /// transaction, then resumes the group's callers. Ends when closed and drained.
    private func runWriter() {
        while true {
            let batch = nextBatch()
            guard let batch else { return }
            let records = batch.map(\.record)
            let outcome: Result<[Result<Void, DecisionLogError>], DecisionLogError>
            do { outcome = .success(try store.append(records)) } catch { outcome = .failure(error) }
            var failed = 0
            for (index, item) in batch.enumerated() {
                let result: Result<Void, DecisionLogError>
                switch outcome {
                case .success(let results): result = results[index]
                case .failure(let error): result = .failure(error)
                }
                if case .failure = result { failed += 1 }
                item.waiter?.resume(with: result.mapError { $0 as any Error })
            }
            var committed = false
            if case .success = outcome { committed = true }
            state.withLock { state in
                state.statistics.failed += failed
                state.statistics.written += batch.count - failed
                if committed { state.statistics.transactions += 1 }
            }
        }
    }

    /// Everything queued, waiting until there is something; nil once closed and empty. While it
    /// waits it checkpoints the WAL about every `checkpointInterval` seconds.
    private func nextBatch() -> [Pending]? {
        var lastCheckpoint = SystemClock.monotonicSeconds()
        while true {
            let taken = state.withLock { state -> (batch: [Pending], closed: Bool) in
                let batch = state.queue
                state.queue.removeAll(keepingCapacity: true)
                return (batch, state.closed)
            }
            if !taken.batch.isEmpty { return taken.batch }
            if taken.closed { return nil }
            _ = pending.wait(timeout: .now() + DecisionLog.checkpointInterval)
            if SystemClock.monotonicSeconds() - lastCheckpoint >= DecisionLog.checkpointInterval {
                // A failed checkpoint is retried at the next interval; the WAL keeps every record meanwhile.
                try? store.checkpoint()
                lastCheckpoint = SystemClock.monotonicSeconds()
            }
        }
    }

    /// Seconds between background checkpoints.
    static let checkpointInterval = 0.25
}
