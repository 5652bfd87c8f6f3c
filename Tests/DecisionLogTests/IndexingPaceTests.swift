@testable import DecisionLog
import Testing

@Suite struct IndexingPaceTests {
    @Test func yieldsWhileCaughtUpInSmallTransactions() {
        var pace = IndexingPace()
        let caughtUp = pace.passBegins(bytesBehind: 0)
        let nearly = pace.passBegins(bytesBehind: pace.backlogBytes - 1)
        #expect(caughtUp && nearly)
        #expect(pace.transactionRecords(yielding: true) == pace.yieldingRecords)
        #expect(pace.transactionRecords(yielding: false) == pace.competingRecords)
        #expect(pace.yieldingRecords < pace.competingRecords)
        let competes = pace.transactionEnded(yielding: true, bytesBehind: 1000, seconds: 0.001)
        #expect(!competes)
        let next = pace.passBegins(bytesBehind: 1000)
        #expect(next)
    }

    @Test func competesWhenFarBehind() {
        var pace = IndexingPace()
        let yields = pace.passBegins(bytesBehind: pace.backlogBytes)
        #expect(!yields)
        let competes = pace.transactionEnded(yielding: true, bytesBehind: pace.backlogBytes, seconds: 0.001)
        #expect(competes)
    }

    @Test func aStarvedTransactionMakesTheNextPassesCompete() {
        var pace = IndexingPace()
        let first = pace.passBegins(bytesBehind: 0)
        #expect(first)
        let starved = pace.transactionEnded(yielding: true, bytesBehind: 0, seconds: pace.starvedSeconds * 2)
        #expect(starved)
        var yielding: [Bool] = []
        for _ in 0...pace.competingPasses { yielding.append(pace.passBegins(bytesBehind: 0)) }
        #expect(yielding == Array(repeating: false, count: pace.competingPasses) + [true])
        // Competing already, a slow transaction changes nothing.
        let slow = pace.transactionEnded(yielding: false, bytesBehind: 0, seconds: 1)
        let after = pace.passBegins(bytesBehind: 0)
        #expect(!slow && after)
    }
}
