import Dispatch
import RegoValue
import Foundation
import Synchronization

/// The decision log: appends each decision to a hash-chained journal before it is answered, indexes
/// the journal into SQLite tables in bulk, and answers auditors' queries.
///
/// `record(_:)` returns once the record is in the journal (`DecisionJournal`), so a decision is
/// answered only after it is durable; the cost on the request path is building the record's JSON,
/// hashing it, and copying it into the journal's mapped segment. The log's thread indexes what the journal holds into the tables
/// about ten times a second, in the CPU time requests leave over while it keeps up, and checkpoints
/// the WAL. Queries through `store` index the journal's tail first, so they see every recorded
/// decision.
///
/// `enqueue(_:)` (the `.asynchronous` mode) returns at once; the log's thread journals those records
/// as soon as it is free to (one wake-up takes all that queued meanwhile), and when its bounded
/// buffer is full a record is dropped and counted in `droppedCount`.
///
/// ```swift
/// let log = try DecisionLog(path: "var/tollgate.sqlite")
/// try log.record(record)              // durable when this returns
/// let page = try log.store.list(DecisionFilter(allowed: false))
/// await log.close()                   // drains what is queued
/// ```
public final class DecisionLog: Sendable {
    /// How `record`/`enqueue` relate to the journal.
    public enum Mode: Sendable, Equatable {
        /// Callers wait for their record to be journaled.
        case synchronous
        /// Callers never wait; at most `capacity` records wait in memory, the rest are dropped.
        case asynchronous(capacity: Int)
    }

    /// Counters for `/metrics` and tests.
    public struct Statistics: Sendable, Equatable {
        /// Records journaled.
        public var written = 0
        /// Indexing transactions committed (by the log's thread or by queries catching up).
        public var transactions = 0
        /// Records indexed into the tables.
        public var indexed = 0
        /// Records dropped because the asynchronous buffer was full.
        public var dropped = 0
        /// Records that failed to be journaled.
        public var failed = 0
        /// Indexing passes that failed (the records stay in the journal for the next pass).
        public var indexFailures = 0
    }

    private struct State {
        /// Records for the log's thread (`enqueue`).
        var queue: [DecisionRecord] = []
        var closed = false
        var statistics = Statistics()
    }

    /// The tables the log indexes into; use it for queries, verification and pruning.
    public let store: DecisionStore
    /// The mode chosen at creation.
    public let mode: Mode
    private let journal: DecisionJournal
    private let state = Mutex(State())
    /// `record`'s failures, kept outside `state` so that a decision takes no lock but the journal's
    /// (which counts what it wrote).
    private let failedRecords = Atomic(0)
    /// Failed indexing passes, counted without a lock that request threads take.
    private let indexFailures = Atomic(0)
    /// Signalled when a record is queued into an empty queue (asynchronous mode) and on close; the
    /// log's thread waits on it.
    private let pending = DispatchSemaphore(value: 0)
    /// Signalled when the log's thread has journaled and indexed everything and ended.
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the log in the SQLite file at `path` (and its journal beside it).
    public convenience init(path: String, mode: Mode = .synchronous) throws(DecisionLogError) {
        try self.init(store: try DecisionStore(path: path), mode: mode)
    }

    /// Takes the journal of an open store (indexing what an earlier run left in it) and starts the
    /// log's thread. It blocks in SQLite, so it has a thread of its own rather than a seat in the
    /// shared task pool that serves requests.
    public init(store: DecisionStore, mode: Mode = .synchronous) throws(DecisionLogError) {
        self.store = store
        self.mode = mode
        journal = try DecisionJournal(store: store)
        // Checkpoints run on the log's thread; if they cannot be moved there, SQLite keeps
        // running them itself after commits, which is slower but loses nothing.
        try? store.checkpointInBackground()
        let thread = Thread { [self] in
            ThreadScheduling.nameCurrentThread("decision-log")
            self.runIndexer()
            self.finished.signal()
        }
        thread.start()
    }

    /// Journals `record` and returns once it is durable; throws when it could not be written
    /// (`DecisionLogError.closed` once the log has closed).
    public func record(_ record: borrowing DecisionRecord) throws {
        do {
            try journal.append(record)
        } catch {
            failedRecords.add(1, ordering: .relaxed)
            throw error
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
        let (queued, wake) = state.withLock { state -> (Bool, Bool) in
            guard !state.closed, state.queue.count < capacity else {
                state.statistics.dropped += 1
                return (false, false)
            }
            state.queue.append(record)
            return (true, state.queue.count == 1)
        }
        // The log's thread takes the whole queue when woken, so only the record that finds it
        // empty wakes it: under load, records queued meanwhile ride along without a wake-up each.
        if wake { pending.signal() }
        return queued
    }

    /// The counters so far.
    public var statistics: Statistics {
        var statistics = state.withLock { $0.statistics }
        statistics.written = journal.appendedCount
        statistics.failed += failedRecords.load(ordering: .relaxed)
        statistics.indexFailures = indexFailures.load(ordering: .relaxed)
        (statistics.indexed, statistics.transactions) = store.indexingTotals
        return statistics
    }

    /// Records dropped because the asynchronous buffer was full.
    public var droppedCount: Int { statistics.dropped }

    /// Stops accepting records, journals and indexes everything queued, waits for the log's thread,
    /// and closes the store.
    public func close() async {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        pending.signal()
        // Wait for the log's thread without blocking a task-pool thread.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.finished.wait()
                done.resume()
            }
        }
        store.close()
    }

    /// The log's thread: journals what `enqueue` queued as soon as it is woken for it, and about
    /// every `indexInterval` indexes the journal, starts a new segment when the active one is large
    /// (so the indexed one is deleted) and checkpoints the WAL. On close it does all of that a last
    /// time and closes the journal.
    ///
    /// Indexing and checkpoints are the part of logging no request waits for, so while indexing
    /// keeps up they run in the idle scheduling class (`ThreadScheduling`): a request thread that
    /// wakes takes the core at once. What the thread does under locks that request threads take too
    /// (the asynchronous queue, the journal's tail, starting a segment) runs in the normal class at
    /// nice 0. Indexing competes in the normal class once a transaction shows it starved or it is
    /// far behind, at a nice value that falls from 10 to 0 as the backlog grows (`IndexingPace`):
    /// under sustained full load it takes a small share of the CPU, a larger one when that leaves it
    /// behind, and the journal cannot grow without bound. It offers its core every `turnInterval` of
    /// work, or `yieldingTurnInterval` while it competes below nice 0.
    private func runIndexer() {
        var scheduling = ThreadScheduling()
        var pace = IndexingPace()
        var turns = CoreTurns(interval: DecisionLog.turnInterval)
        CoreTurns.offerDuringFileWork(interval: DecisionLog.turnInterval)
        var lastCheckpoint = SystemClock.monotonicSeconds()
        var nextIndex = DispatchTime.now() + DecisionLog.indexInterval
        while true {
            let woken = pending.wait(timeout: nextIndex) == .success
            // The queue and the journal's tail are locks that request threads take too.
            scheduling.compete()
            let closed = journalQueued()
            if closed {
                // Once closed, nothing more is queued: the batch above was the last.
                let indexed = Result { () throws(DecisionLogError) in try journal.close() }
                if case .failure = indexed { indexFailures.add(1, ordering: .relaxed) }
                try? store.checkpoint()
                return
            }
            // Woken for queued records before the pass is due: they are journaled, which is all
            // they wait for; indexing keeps to its interval.
            if woken && DispatchTime.now() < nextIndex { continue }
            nextIndex = DispatchTime.now() + DecisionLog.indexInterval
            do {
                try journal.rotate(ifLargerThan: DecisionLog.segmentBytes)
                scheduling.set(pace.passBegins(bytesBehind: store.journalBytesBehind()))
                var transactionStarted = SystemClock.monotonicSeconds()
                var sinceClock = 0
                try store.indexJournal(transactionRecords: DecisionStore.recordsPerTransaction, between: { behind in
                    let now = SystemClock.monotonicSeconds()
                    if let effort = pace.transactionEnded(scheduling.effort, bytesBehind: behind, seconds: now - transactionStarted) {
                        scheduling.set(effort)
                    }
                    transactionStarted = now
                }, goOn: {
                    // Competing, the thread would keep the core until the kernel's next tick unless
                    // it offers it: request threads would wait up to 4 ms behind a transaction. In
                    // the background too: an event loop that offered its core may have handed it to
                    // this thread, and waits for it back. The clock is read every few records (a
                    // record takes about a microsecond, reading the clock a tenth of that here).
                    sinceClock += 1
                    guard sinceClock >= DecisionLog.recordsBetweenClockReadings else { return true }
                    sinceClock = 0
                    let now = SystemClock.monotonicSeconds()
                    turns.interval = DecisionLog.turnInterval(scheduling.effort)
                    turns.pass(now: now)
                    return pace.transactionGoesOn(scheduling.effort, seconds: now - transactionStarted)
                })
            } catch {
                // The records stay in the journal; the next pass (or a query) indexes them.
                indexFailures.add(1, ordering: .relaxed)
            }
            if SystemClock.monotonicSeconds() - lastCheckpoint >= DecisionLog.checkpointInterval {
                // A failed checkpoint is retried at the next interval; the WAL keeps every record meanwhile.
                try? store.checkpoint()
                lastCheckpoint = SystemClock.monotonicSeconds()
            }
        }
    }

    /// Journals what `enqueue` queued and returns whether the log has closed. The records are
    /// freed before it returns (their memory belongs to the request threads that made them).
    private func journalQueued() -> Bool {
        let (batch, closed) = state.withLock { state -> ([DecisionRecord], Bool) in
            defer { state.queue.removeAll(keepingCapacity: true) }
            return (state.queue, state.closed)
        }
        if !batch.isEmpty {
            let journaled: Bool
            do { try journal.append(batch); journaled = true } catch { journaled = false }
            state.withLock { state in
                if !journaled { state.statistics.failed += batch.count }
            }
        }
        return closed
    }

    /// Seconds of work between the log's thread's offers of its core while it competes for one: a
    /// request thread's (`CoreTurns.defaultInterval`). Each offer taken hands the core to an event
    /// loop, and the log's thread then goes on with caches the loop has filled: at 32 connections it
    /// took 4.6–4.7 µs per record offering every 50 µs, against 3.8–3.9 every quarter of a
    /// millisecond (lower in every round of 16; `bench/log_cpu_ab.sh`). `wrk -c32`'s p99 was about
    /// 5% higher in rounds the host left alone (an earlier session: 3.2–3.4 ms against 2.9–3.0).
    static let turnInterval = CoreTurns.defaultInterval
    /// Seconds of work between the offers of the log's thread while it competes below nice 0, as it
    /// does under sustained load: an event loop that wakes takes the core from a thread of a tenth of
    /// its weight without waiting for an offer, so offering more often only adds switches (and each
    /// slice of the thread begins with caches a loop has filled). At 32 connections, the log on,
    /// offering every millisecond there against every quarter: 4.4% more requests/s from 60
    /// interleaved pairs (90% interval 1.3 to 7.3), the event loops' CPU per request 2.6 µs lower and
    /// the log's thread's 0.2 µs lower, `wrk`'s p99 2.80 against 2.88 ms
    /// (`bench/decision_log_variants.sh 60 3 32`). In the idle class, and at nice 0, the thread offers
    /// every `turnInterval`: a loop that offered its core may have handed it to this thread and waits
    /// for the next offer (offering every millisecond in every class, one connection's median p99 over
    /// twelve runs rose from 206 to 232 µs, its worst from 828 to 1,717).
    static let yieldingTurnInterval = 0.001

    /// The turn interval of the log's thread at `effort`.
    static func turnInterval(_ effort: IndexingEffort) -> Double {
        if case .competing(let nice) = effort, nice > 0 { return yieldingTurnInterval }
        return turnInterval
    }

    /// Records indexed between two readings of the clock, for offering the core and ending a
    /// starved transaction: about 10 µs of work, against `turnInterval`'s 250.
    static let recordsBetweenClockReadings = 8
    /// Seconds between indexing passes.
    static let indexInterval = 0.1
    /// Seconds between background checkpoints.
    static let checkpointInterval = 0.25
    /// The size at which the journal starts a new segment.
    static let segmentBytes = 4 << 20
}
