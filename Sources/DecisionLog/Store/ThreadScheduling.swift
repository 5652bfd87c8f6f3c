#if canImport(Glibc)
import Glibc
#endif

/// Moves the calling thread between Linux's normal scheduling class and `SCHED_IDLE`, for work
/// that no caller waits for (indexing the decision log).
///
/// A thread in `SCHED_IDLE` runs only on a core nothing else wants: a request thread that wakes
/// takes the core from it at once, instead of waiting behind it for the rest of the scheduler's
/// slice (on two cores that wait is what put the p99 of a lone client at about 2 ms). A thread must
/// not hold a lock that request threads take while it is in that class, or they would wait for a
/// thread that is not being scheduled: `compete()` before taking one.
///
/// Elsewhere (or when the kernel refuses), the thread stays in the normal class.
struct ThreadScheduling: Sendable {
    private var background = false

    /// Whether the thread is in the idle class.
    var isBackground: Bool { background }

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
        // 0 is the calling thread. SCHED_IDLE (5) is only declared for GNU sources.
        return sched_setscheduler(0, background ? 5 : SCHED_OTHER, &parameters) == 0
        #else
        return false
        #endif
    }

    /// Names the calling thread as `top -H`, `ps -L` and `/proc` show it (at most 15 bytes). On
    /// Linux a `Thread`'s `name` does not reach the kernel, which shows the name of the thread that
    /// started it instead; elsewhere this does nothing.
    static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = name.utf8.prefix(15).withContiguousStorageIfAvailable { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        #endif
    }
}
