import Synchronization

/// A range of indices that two threads take from opposite ends, a block at a time, until they meet.
/// Each ends with a contiguous run of its own, and neither waits for the other when one is slowed
/// (a worker woken late, or a core the host took away for a while): splitting a large node's rules
/// in fixed halves, the compile waited 10–40 ms for the slower thread in a start-up of about 200.
final class MeetingRange: Sendable {
    let bounds: Range<Int>
    private let unclaimed: Atomic<Int>

    init(_ bounds: Range<Int>) {
        self.bounds = bounds
        unclaimed = Atomic(bounds.count)
    }

    /// Claims up to `block` more indices for the caller's end; returns how many it got (0 once
    /// every index is claimed). Claims from both ends add up to exactly `bounds.count`.
    func claim(_ block: Int) -> Int {
        let before = unclaimed.subtract(block, ordering: .relaxed).oldValue
        return max(0, min(block, before))
    }

    /// Runs `body` on each index this thread claims from its end (`fromStart`, or the end of the
    /// range), `block` at a time, and returns the contiguous run it took.
    func take(fromStart: Bool, block: Int, _ body: (Int) -> Void) -> Range<Int> {
        var low = bounds.lowerBound, high = bounds.upperBound
        while true {
            let count = claim(block)
            if count == 0 { break }
            if fromStart {
                for index in low..<(low + count) { body(index) }
                low += count
            } else {
                for index in (high - count)..<high { body(index) }
                high -= count
            }
        }
        return fromStart ? bounds.lowerBound..<low : high..<bounds.upperBound
    }
}
