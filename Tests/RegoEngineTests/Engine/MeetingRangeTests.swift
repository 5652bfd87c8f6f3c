import Dispatch
import Synchronization
import Testing
@testable import RegoEngine

/// Two threads take a range's indices from both ends until they meet: every index once, each
/// thread's share one contiguous run, however the threads are scheduled.
@Suite struct MeetingRangeTests {

    @Test func twoThreadsTakeEveryIndexOnceInTwoRunsThatMeet() {
        for count in [0, 1, 15, 16, 17, 100, 1037] {
            for _ in 0..<20 {
                let range = MeetingRange(5..<(5 + count))
                // Per thread, the indices it was given and the run it reported.
                let taken = Mutex<[Int: (indices: [Int], run: Range<Int>)]>([:])
                DispatchQueue.concurrentPerform(iterations: 2) { thread in
                    var mine: [Int] = []
                    let run = range.take(fromStart: thread == 0, block: 16) { mine.append($0) }
                    taken.withLock { $0[thread] = (mine, run) }
                }
                let (front, back) = taken.withLock { ($0[0]!, $0[1]!) }
                #expect(front.run.lowerBound == 5 && back.run.upperBound == 5 + count, "\(count)")
                #expect(front.run.upperBound == back.run.lowerBound, "\(count): \(front.run) and \(back.run) do not meet")
                #expect(Set(front.indices) == Set(front.run) && front.indices.count == front.run.count, "\(count)")
                #expect(Set(back.indices) == Set(back.run) && back.indices.count == back.run.count, "\(count)")
            }
        }
    }

    @Test func aThreadThatComesLateFindsTheRestTaken() {
        let range = MeetingRange(0..<100)
        var first: [Int] = []
        #expect(range.take(fromStart: true, block: 7) { first.append($0) } == 0..<100)
        #expect(first == Array(0..<100))
        var late: [Int] = []
        #expect(range.take(fromStart: false, block: 7) { late.append($0) } == 100..<100)
        #expect(late.isEmpty)
    }

    @Test func claimsNeverAddUpToMoreThanTheRange() {
        let range = MeetingRange(0..<10)
        #expect(range.claim(4) == 4)
        #expect(range.claim(4) == 4)
        #expect(range.claim(4) == 2)
        #expect(range.claim(4) == 0)
        #expect(range.claim(1) == 0)
    }
}
