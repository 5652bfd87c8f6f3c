import Testing
@testable import Sidecar

@Suite struct DecisionIDTests {
    @Test func idsAreVersion4UUIDText() {
        let id = DecisionID.make()
        let parts = id.split(separator: "-").map(\.count)
        #expect(parts == [8, 4, 4, 4, 12])
        #expect(Array(id)[14] == "4")
        #expect("89ab".contains(Array(id)[19]))
        #expect(id == id.lowercased())
    }

    @Test func idsDiffer() {
        let ids = Set((0..<1000).map { _ in DecisionID.make() })
        #expect(ids.count == 1000)
    }
}
