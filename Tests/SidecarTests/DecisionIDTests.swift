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
        #expect(id.allSatisfy { "0123456789abcdef-".contains($0) })
        let time = id.replacingOccurrences(of: "-", with: "").prefix(12)
        #expect(UInt64(time, radix: 16) == milliseconds)
    }

    @Test func theDigitsSpellTheTimeVersionVariantAndRandomBits() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let (milliseconds, random, low) = (UInt64.random(in: 0..<(1 << 48), using: &generator), generator.next() as UInt64, generator.next() as UInt64)
            let id = DecisionID.make(milliseconds: milliseconds, random: random, low: low)
            let high = milliseconds << 16 | 0x7000 | (random & 0xFFF)
            let variant = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
            func digits(_ word: UInt64) -> String {
                let text = String(word, radix: 16)
                return String(repeating: "0", count: 16 - text.count) + text
            }
            let expected = digits(high) + digits(variant)
            #expect(id.replacingOccurrences(of: "-", with: "") == expected)
            #expect(id.split(separator: "-", omittingEmptySubsequences: false).map(\.count) == [8, 4, 4, 4, 12])
        }
    }

    @Test func idsDifferAndLaterOnesSortLater() {
        let ids = Set((0..<1000).map { _ in DecisionID.make() })
        #expect(ids.count == 1000)
        let earlier = DecisionID.make(milliseconds: 1_796_000_000_000)
        let later = DecisionID.make(milliseconds: 1_796_000_000_001)
        #expect(earlier < later)
    }

    @Test func theRandomPoolRefillsAndThreadsDrawDifferentWords() async {
        // 512 words fill one thread's buffer: 3,000 cross several refills.
        let words = (0..<3000).map { _ in RandomPool.next() }
        #expect(Set(words).count == 3000)
        // Random, not constant bits: every bit position is set in some word and clear in another.
        let ones = words.reduce(0 as UInt64) { $0 | $1 }
        let zeros = words.reduce(0 as UInt64) { $0 | ~$1 }
        #expect(ones == .max && zeros == .max)
        let perThread = await withTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let done = DispatchSemaphore(value: 0)
                    nonisolated(unsafe) var drawn: [UInt64] = []
                    Thread {
                        drawn = (0..<600).map { _ in RandomPool.next() }
                        done.signal()
                    }.start()
                    done.wait()
                    return drawn
                }
            }
            return await group.reduce(into: [[UInt64]]()) { $0.append($1) }
        }
        #expect(Set(perThread.joined() + words).count == 3000 + 4 * 600)
    }
}
