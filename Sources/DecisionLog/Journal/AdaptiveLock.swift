import Glibc

/// State behind a mutex that spins briefly before it sleeps, and sleeps on a plain futex: the
/// journal's tail, which both event loops take for about a microsecond per decision.
///
/// `Mutex` of the standard library sleeps on a priority-inheriting futex once its spinning fails.
/// On a virtual machine whose vCPU can be descheduled while holding the lock, that failed often
/// enough under `wrk -c32` for the kernel's priority-inheritance path and the slow lock path to be
/// about 0.9% of the server's samples (`perf`), about as much as the hashing the lock protects. glibc's adaptive mutex spins
/// a bounded number of times and then waits with `FUTEX_WAIT`, which has no such bookkeeping.
final class AdaptiveLock<State>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Behind a pointer rather than a stored property, so that access takes no exclusivity check.
    private let state: UnsafeMutablePointer<State>

    init(_ initial: State) {
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        state = .allocate(capacity: 1)
        state.initialize(to: initial)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Runs `body` with the state, holding the lock.
    func withLock<R, E: Error>(_ body: (inout State) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state.pointee)
    }
}
