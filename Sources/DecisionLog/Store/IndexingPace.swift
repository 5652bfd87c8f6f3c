/// How hard the log's thread works at indexing.
enum IndexingEffort: Equatable, Sendable {
    /// In the idle scheduling class: only on a core nothing else wants.
    case background
    /// In the normal class at this nice value (0 to 19). The higher it is, the smaller the share
    /// of busy cores the thread gets, and the sooner a thread that wakes to answer a request takes
    /// the core from it.
    case competing(nice: Int32)

    /// The normal class at the usual priority: all that request threads get.
    static let full = IndexingEffort.competing(nice: 0)
}

/// How hard the log's thread indexes (`IndexingEffort`), and how many records each transaction
/// takes (`DecisionLog`'s indexing passes).
///
/// A pass indexes in the background while the journal is less than `backlogBytes` ahead of the
/// tables. In the background it indexes `yieldingRecords` at a time, so that a starved transaction
/// (one that took longer than `starvedSeconds`: the cores are busy with requests) is noticed soon;
/// then it competes for the rest of the pass and `competingPasses` more, and so it does at once
/// when it falls `backlogBytes` behind. Competing, its nice value follows the backlog: 10 when the
/// tables are up to date, down to 0 at `backlogBytes` behind. Under sustained full load indexing so
/// takes the smallest share of the CPU that keeps up with the decisions, and the journal cannot
/// grow without bound.
struct IndexingPace {
    var backlogBytes = 32 << 20           // about 50,000 records
    var yieldingRecords = 128             // a few hundred microseconds of work
    var competingRecords = DecisionStore.recordsPerTransaction
    var starvedSeconds = 0.02
    var competingPasses = 10
    /// The nice value competing with no backlog.
    var gentlestNice: Int32 = 10
    /// Passes still to compete in.
    private(set) var passesToCompete = 0

    /// The effort of the pass that begins, `bytesBehind` behind.
    mutating func passBegins(bytesBehind: Int) -> IndexingEffort {
        if passesToCompete > 0 {
            passesToCompete -= 1
            return competing(bytesBehind: bytesBehind)
        }
        return bytesBehind < backlogBytes ? .background : competing(bytesBehind: bytesBehind)
    }

    /// Records for the next transaction.
    func transactionRecords(_ effort: IndexingEffort) -> Int { effort == .background ? yieldingRecords : competingRecords }

    /// The effort from now on, after a transaction at `effort` that took `seconds` and left the
    /// pass `bytesBehind` behind; nil when it stays the same.
    mutating func transactionEnded(_ effort: IndexingEffort, bytesBehind: Int, seconds: Double) -> IndexingEffort? {
        let next: IndexingEffort
        if effort != .background {
            next = competing(bytesBehind: bytesBehind)
        } else if bytesBehind >= backlogBytes || seconds > starvedSeconds {
            passesToCompete = competingPasses
            next = competing(bytesBehind: bytesBehind)
        } else {
            next = .background
        }
        return next == effort ? nil : next
    }

    /// Competing `bytesBehind` behind: from `gentlestNice` with nothing behind to 0 at `backlogBytes`.
    func competing(bytesBehind: Int) -> IndexingEffort {
        let behind = Double(min(max(bytesBehind, 0), backlogBytes)) / Double(backlogBytes)
        return .competing(nice: Int32((Double(gentlestNice) * (1 - behind)).rounded(.down)))
    }
}
