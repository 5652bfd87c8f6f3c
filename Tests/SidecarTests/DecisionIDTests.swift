import Foundation
import Testing
@testable import Sidecar

@Suite struct DecisionIDTests {
    @Test func idsAreVersion7UUIDTextStartingWithTheTime() {
        // The first 12 hex digits are the milliseconds.
        let milliseconds: UInt64 = 1_796_000_000_123
        let id = DecisionID.make(milliseconds: milliseconds)
        let parts = id.split(separator: "-").map(\.count)
        #expect(parts == [8, 4, 4, 4, 12])
        #expect(Array(id)[14] == "7")
        #expect("89ab".contains(Array(id)[19]))
        #expect(id == id.lowercased())
        let time = id.replacingOccurrences(of: "-", with: "").prefix(12)
        #expect(UInt64(time, radix: 16) == milliseconds)
    }

    @Test func idsDifferAndLaterOnesSortLater() {
        let ids = Set((0..<1000).map { _ in DecisionID.make() })
        #expect(ids.count == 1000)
        let earlier = DecisionID.make(milliseconds: 1_796_000_000_000)
        let later = DecisionID.make(milliseconds: 1_796_000_000_001)
        #expect(earlier < later)
    }
}
