#if canImport(Glibc)
import Glibc
#endif

/// How the log's thread competes for the CPU with the threads that answer requests.
///
/// Indexing is the one part of logging that no request waits for, so while it keeps up it runs in
/// Linux's `SCHED_IDLE` class: a request thread that wakes takes the core from it at once, instead
/// of waiting behind an indexing pass for the rest of the scheduler's slice (which is what put the
/// p99 of a lone client at about 2 ms). Everything the log's thread does under a lock that request
/// threads also take (the queue of asynchronous records, the journal's tail, starting a segment)
/// runs in the normal class, so a request never waits for a thread that is not being scheduled.
/// So does indexing once it has fallen `DecisionLog.backgroundBacklog` records behind: under
/// sustained full load it takes its share of the CPU, and the journal cannot grow without bound.
///
/// Elsewhere (or when the kernel refuses), the thread simply stays in the normal class.
struct IndexerScheduling {
    private var background = false

    /// Moves the calling thread to the normal class, if it is not there.
    mutating func compete() {
        guard background else { return }
        background = false
        Self.set(background: false)
    }

    /// Moves the calling thread to the idle class, if it is not there.
    mutating func yield() {
        guard !background else { return }
        background = Self.set(background: true)
    }

    @discardableResult
    private static func set(background: Bool) -> Bool {
        #if os(Linux)
        var parameters = sched_param()
        parameters.sched_priority = 0
        // 0 is the calling thread; SCHED_IDLE is 5 and SCHED_OTHER 0 in <sched.h>.
        return sched_setscheduler(0, background ? 5 : 0, &parameters) == 0
        #else
        return false
        #endif
    }
}
