/// When the log's thread indexes in the idle scheduling class and when in the normal one, and how
/// many records each transaction takes (`DecisionLog`'s indexing passes).
///
/// A pass yields the CPU while the journal is less than `backlogBytes` ahead of the tables. Yielding,
/// it indexes `yieldingRecords` at a time, so that a starved transaction (one that took longer than
/// `starvedSeconds`: the cores are busy with requests) is noticed soon; then it competes for the
/// rest of the pass and `competingPasses` more, and so it does at once when it falls `backlogBytes`
/// behind. Under sustained full load indexing so takes its share of the CPU.
struct IndexingPace {
    var backlogBytes = 32 << 20           // about 50,000 records
    var yieldingRecords = 128             // a few hundred microseconds of work
    var competingRecords = DecisionStore.recordsPerTransaction
    var starvedSeconds = 0.02
    var competingPasses = 10
    /// Passes still to index in the normal class.
    private(set) var passesToCompete = 0

    /// Whether the pass that begins, `bytesBehind` behind, yields the CPU.
    mutating func passBegins(bytesBehind: Int) -> Bool {
        if passesToCompete > 0 {
            passesToCompete -= 1
            return false
        }
        return bytesBehind < backlogBytes
    }

    /// Records for the next transaction.
    func transactionRecords(yielding: Bool) -> Int { yielding ? yieldingRecords : competingRecords }

    /// Whether to compete from now on, after a transaction that took `seconds` and left the pass
    /// `bytesBehind` behind.
    mutating func transactionEnded(yielding: Bool, bytesBehind: Int, seconds: Double) -> Bool {
        guard yielding, bytesBehind >= backlogBytes || seconds > starvedSeconds else { return false }
        passesToCompete = competingPasses
        return true
    }
}
