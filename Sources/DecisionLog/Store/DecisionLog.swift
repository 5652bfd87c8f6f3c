import Dispatch
import Foundation
import Synchronization

/// The decision log: records decisions through one writer thread that commits them in groups, and
/// answers auditors' queries.
///
/// In `.synchronous` mode `record(_:)` returns once the record's group is committed, so a decision
/// is answered only after it is durable. In `.asynchronous` mode `enqueue(_:)` returns at once; when
/// the bounded buffer is full the record is dropped and counted in `droppedCount`.
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

    private struct State {
        var queue: [Pending] = []
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
        let thread = Thread { [self] in
            self.runWriter()
            self.finished.signal()
        }
        thread.name = "tollgate-decision-log"
        thread.start()
    }

    /// Writes `record` and returns once its group is committed; throws when it could not be written.
    public func record(_ record: DecisionRecord) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            let queued = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.queue.append(Pending(record: record, waiter: waiter))
                return true
            }
            if queued { pending.signal() } else { waiter.resume(throwing: DecisionLogError.closed) }
        }
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

    /// The counters so far.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Records dropped because the asynchronous buffer was full.
    public var droppedCount: Int { statistics.dropped }

    /// Stops accepting records, writes everything queued, waits for the writer, and closes the store.
    public func close() async {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
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

    /// Everything queued, waiting until there is something; nil once closed and empty.
    private func nextBatch() -> [Pending]? {
        while true {
            let taken = state.withLock { state -> (batch: [Pending], closed: Bool) in
                let batch = state.queue
                state.queue.removeAll(keepingCapacity: true)
                return (batch, state.closed)
            }
            if !taken.batch.isEmpty { return taken.batch }
            if taken.closed { return nil }
            pending.wait()
        }
    }
}
