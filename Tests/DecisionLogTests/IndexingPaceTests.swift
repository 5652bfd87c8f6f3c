@testable import DecisionLog
import Testing

@Suite struct IndexingPaceTests {
    @Test func indexesInTheBackgroundWhileCaughtUpEndingTransactionsThatStarve() {
        var pace = IndexingPace()
        #expect(pace.passBegins(bytesBehind: 0) == .background)
        #expect(pace.passBegins(bytesBehind: pace.backlogBytes - 1) == .background)
        // In the background a transaction goes on until it has run `starvedSeconds`; competing, always.
        #expect(pace.transactionGoesOn(.background, seconds: 0))
        #expect(pace.transactionGoesOn(.background, seconds: pace.starvedSeconds))
        #expect(!pace.transactionGoesOn(.background, seconds: pace.starvedSeconds * 1.01))
        #expect(pace.transactionGoesOn(.competing(nice: 10), seconds: 1))
        #expect(pace.transactionGoesOn(.full, seconds: 1))
        #expect(pace.transactionEnded(.background, bytesBehind: 1000, seconds: 0.001) == nil)
        #expect(pace.passBegins(bytesBehind: 1000) == .background)
    }

    @Test func competesWithFullEffortWhenFarBehind() {
        var pace = IndexingPace()
        #expect(pace.passBegins(bytesBehind: pace.backlogBytes) == .full)
        #expect(pace.transactionEnded(.background, bytesBehind: pace.backlogBytes, seconds: 0.001) == .full)
        #expect(pace.transactionEnded(.full, bytesBehind: 2 * pace.backlogBytes, seconds: 0.001) == nil)
    }

    @Test func aStarvedTransactionMakesTheNextPassesCompeteGently() {
        var pace = IndexingPace()
        #expect(pace.passBegins(bytesBehind: 0) == .background)
        #expect(pace.transactionEnded(.background, bytesBehind: 0, seconds: pace.starvedSeconds * 2) == .competing(nice: 10))
        var efforts: [IndexingEffort] = []
        for _ in 0...pace.competingPasses { efforts.append(pace.passBegins(bytesBehind: 0)) }
        #expect(efforts == Array(repeating: .competing(nice: 10), count: pace.competingPasses) + [.background])
        // Competing already, a slow transaction changes nothing.
        #expect(pace.transactionEnded(.competing(nice: 10), bytesBehind: 0, seconds: 1) == nil)
        #expect(pace.passBegins(bytesBehind: 0) == .background)
    }

    @Test func competingTheNiceValueFallsAsTheBacklogGrowsAndRisesAsItShrinks() {
        var pace = IndexingPace()
        let backlog = pace.backlogBytes
        #expect(pace.competing(bytesBehind: 0) == .competing(nice: 10))
        #expect(pace.competing(bytesBehind: backlog / 2) == .competing(nice: 5))
        #expect(pace.competing(bytesBehind: backlog - 1) == .competing(nice: 0))
        #expect(pace.competing(bytesBehind: 3 * backlog) == .full)
        // Within a pass: each transaction's backlog sets the effort for the next.
        #expect(pace.transactionEnded(.competing(nice: 10), bytesBehind: backlog / 2, seconds: 0.001) == .competing(nice: 5))
        #expect(pace.transactionEnded(.competing(nice: 5), bytesBehind: backlog / 2, seconds: 0.001) == nil)
        #expect(pace.transactionEnded(.full, bytesBehind: 0, seconds: 0.001) == .competing(nice: 10))
    }

    /// Below nice 0 a waking loop takes the core from the log's thread without waiting, so the
    /// thread offers it seldom; in the idle class and at nice 0 a loop may be waiting for an offer.
    @Test func theLogsThreadOffersItsCoreSeldomOnlyWhileItYieldsToWakingLoops() {
        #expect(DecisionLog.turnInterval(.background) == DecisionLog.turnInterval)
        #expect(DecisionLog.turnInterval(.full) == DecisionLog.turnInterval)
        #expect(DecisionLog.turnInterval(.competing(nice: 1)) == DecisionLog.yieldingTurnInterval)
        #expect(DecisionLog.turnInterval(.competing(nice: 10)) == DecisionLog.yieldingTurnInterval)
        #expect(DecisionLog.yieldingTurnInterval > DecisionLog.turnInterval)
    }
}
