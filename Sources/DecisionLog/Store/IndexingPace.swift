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

/// How hard the log's thread indexes (`IndexingEffort`), and when a transaction of its indexing
/// passes ends early (`DecisionLog`).
///
/// A pass indexes in the background while the journal is less than `backlogBytes` ahead of the
/// tables. In the background a transaction ends once it has run `starvedSeconds` (the cores are
/// busy with requests: it starved), however few records it holds, so a starved transaction is
/// noticed soon while the ones that are not take as many records as a competing one (a commit
/// rewrites the pages it ends on, so fewer commits write less); after a starved transaction the
/// thread competes for the rest of the pass and `competingPasses` more, and so it does at once
/// when it falls `backlogBytes` behind. Competing, its nice value follows the backlog: 10 when the
/// tables are up to date, down to 0 at `backlogBytes` behind. Under sustained full load indexing so
/// takes the smallest share of the CPU that keeps up with the decisions, and the journal cannot
/// grow without bound.
struct IndexingPace {
    var backlogBytes = 32 << 20           // about 50,000 records
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

    /// Whether a transaction at `effort` that has run `seconds` takes another record: in the
    /// background only until it starves.
    func transactionGoesOn(_ effort: IndexingEffort, seconds: Double) -> Bool {
        effort != .background || seconds <= starvedSeconds
    }

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
