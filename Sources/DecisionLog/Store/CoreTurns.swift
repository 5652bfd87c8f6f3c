#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLiteTurns
import RegoValue

/// Offers the calling thread's core to any other thread waiting for it (`sched_yield`) once the
/// thread has worked for `interval` without offering it, at the points where it calls `pass()`.
///
/// Linux takes the core from a busy thread only at a scheduling tick (every 4 ms at the usual 250
/// Hz) unless the thread sleeps or a waking thread preempts it, which the kernel often declines to
/// do. A thread that always has work (an event loop answering a stream of decisions, the decision
/// log catching up) would so keep a client, the service beside the sidecar, or another event loop
/// waiting for up to a tick: on two cores that wait was the server's p99 (about 4 ms, against
/// 1.7 ms once the loops take turns). Offering the core every quarter of a millisecond costs a
/// system call then; when no thread waits, the caller goes straight on.
///
/// ```swift
/// var turns = CoreTurns()
/// for record in records {
///     insert(record)
///     turns.pass()
/// }
/// ```
public struct CoreTurns: Sendable {
    /// Seconds of work between offers (a thread whose priority changes may change it).
    public var interval: Double
    private var lastOffer: Double

    public init(interval: Double = CoreTurns.defaultInterval) {
        self.interval = interval
        lastOffer = SystemClock.monotonicSeconds()
    }

    /// A quarter of a millisecond: a sixteenth of a 250 Hz tick.
    public static let defaultInterval = 0.000_25

    /// Offers the core if the thread has worked `interval` since the last offer; true when it did.
    @discardableResult
    public mutating func pass() -> Bool {
        pass(now: SystemClock.monotonicSeconds())
    }

    /// `pass()` for a caller that has just read the monotonic clock (`now`, in seconds).
    @discardableResult
    public mutating func pass(now: Double) -> Bool {
        guard now - lastOffer >= interval else { return false }
        sched_yield()
        lastOffer = SystemClock.monotonicSeconds()
        return true
    }
}

extension CoreTurns {
    /// Makes the decision log's SQLite connections offer the calling thread's core as `pass()`
    /// does, every `interval` seconds of their file work (between the pages of a commit or a
    /// checkpoint, which are single calls that copy megabytes); 0 stops it. For the log's thread.
    static func offerDuringFileWork(interval: Double) {
        tollgate_sqlite_turns_offer(Int64(interval * 1e9))
    }

    /// How many times the calling thread offered its core during file work.
    static var offersDuringFileWork: Int { Int(tollgate_sqlite_turns_offers()) }
}
