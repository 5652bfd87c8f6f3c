import DecisionLog
import NIOCore
import Synchronization

/// The turns of one event loop's thread (`CoreTurns`), shared by the decision lanes of the
/// connections it serves: the loop offers its core every `CoreTurns.defaultInterval` of answering
/// decisions, whichever connections they came from. Used only on its loop.
final class LoopTurns: @unchecked Sendable {
    private var turns = CoreTurns()

    /// Called after each answer the loop writes.
    func answered() { turns.pass() }

    private static let all = Mutex<[ObjectIdentifier: LoopTurns]>([:])

    /// The turns of `loop` (one object per loop for the life of the process; a server has a few).
    static func of(_ loop: any EventLoop) -> LoopTurns {
        all.withLock { all in
            if let turns = all[ObjectIdentifier(loop)] { return turns }
            let turns = LoopTurns()
            all[ObjectIdentifier(loop)] = turns
            return turns
        }
    }
}
