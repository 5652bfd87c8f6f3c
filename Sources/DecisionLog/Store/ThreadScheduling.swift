#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Moves the calling thread between Linux's idle scheduling class (`SCHED_IDLE`) and the normal
/// class at a nice value from 0 to 19, for work that no caller waits for (indexing the decision
/// log; `IndexingEffort`).
///
/// A thread in `SCHED_IDLE` runs only on a core nothing else wants: a request thread that wakes
/// takes the core from it at once, instead of waiting behind it for the rest of the scheduler's
/// slice (on two cores that wait is what put the p99 of a lone client at about 2 ms). A thread must
/// not hold a lock that request threads take while it is in that class, or they would wait for a
/// thread that is not being scheduled: `compete()` before taking one.
///
/// At nice 10 a thread in the normal class weighs a tenth of one at nice 0: when the cores are busy
/// it gets a small share of them, and a request thread that wakes preempts it rather than waiting
/// for the end of its slice.
///
/// Linux lets a thread back out of `SCHED_IDLE`, or lower its nice value, only with `CAP_SYS_NICE`
/// or an `RLIMIT_NICE` of 20 or more, which a sidecar run as an ordinary user, or as root in a
/// container without that capability, lacks: its thread would stay in the idle class (or at nice
/// 10) for good, and under sustained full load never index (or fall ever further behind). Such a
/// thread never leaves the normal class at nice 0 (`mayLeaveIdleClass`), where it offers its core
/// between records (`CoreTurns`).
///
/// Elsewhere (or when the kernel refuses), the thread stays in the normal class.
struct ThreadScheduling: Sendable {
    /// The effort the thread is scheduled for.
    private(set) var effort = IndexingEffort.full
    /// Whether the thread may take less than full effort (it could come back from it).
    private let mayBackground: Bool

    /// The scheduling of the calling thread, which starts in the normal class; by default it
    /// enters the idle class only if it may leave it again.
    init(mayBackground: Bool = ThreadScheduling.mayLeaveIdleClass()) {
        self.mayBackground = mayBackground
    }

    /// Whether the thread is in the idle class.
    var isBackground: Bool { effort == .background }

    /// Schedules the calling thread for `wanted`, if it is not already and may come back from it
    /// (a thread that may not stays at full effort).
    mutating func set(_ wanted: IndexingEffort) {
        guard wanted != effort, mayBackground || wanted == .full else { return }
        if Self.apply(wanted) { effort = wanted }
    }

    /// Moves the calling thread to the normal class at nice 0, if it is not there.
    mutating func compete() { set(.full) }

    /// Whether the calling thread may move from `SCHED_IDLE` back to the normal class.
    static func mayLeaveIdleClass() -> Bool {
        #if os(Linux)
        var limit = rlimit()
        let niceLimit = getrlimit(__rlimit_resource_t(__RLIMIT_NICE.rawValue), &limit) == 0 ? UInt64(limit.rlim_cur) : 0
        let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
        return mayLeaveIdleClass(niceLimit: niceLimit, effectiveCapabilities: effectiveCapabilities(status: status))
        #else
        return false
        #endif
    }

    /// Whether a thread with this `RLIMIT_NICE` and these effective capabilities may leave
    /// `SCHED_IDLE`: it has `CAP_SYS_NICE` (bit 23), or the limit allows nice 0 (20 or more).
    static func mayLeaveIdleClass(niceLimit: UInt64, effectiveCapabilities: UInt64) -> Bool {
        let sysNice: UInt64 = 1 << 23
        return niceLimit >= 20 || effectiveCapabilities & sysNice != 0
    }

    /// The effective capability set in the text of `/proc/…/status` (its `CapEff:` line, in hex);
    /// none when the line is missing or unreadable.
    static func effectiveCapabilities(status: String) -> UInt64 {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }) else { return 0 }
        return UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
    }

    private static func apply(_ effort: IndexingEffort) -> Bool {
        #if os(Linux)
        var parameters = sched_param()
        parameters.sched_priority = 0
        // 0 is the calling thread, for both calls. SCHED_IDLE (5) is only declared for GNU sources.
        guard case .competing(let nice) = effort else { return sched_setscheduler(0, 5, &parameters) == 0 }
        guard sched_setscheduler(0, SCHED_OTHER, &parameters) == 0 else { return false }
        return setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(max(nice, 0), 19)) == 0
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
