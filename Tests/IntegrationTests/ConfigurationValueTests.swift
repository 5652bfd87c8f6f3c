import Integration
import Testing
import Yams

@Suite struct ConfigurationValueTests {
    @Test func durationsReadInTheirUnits() throws {
        #expect(parseDuration("500ms") == 500_000_000)
        #expect(parseDuration("2s") == 2_000_000_000)
        #expect(parseDuration("1m") == 60_000_000_000)
        #expect(parseDuration("1.5") == 1_500_000_000)
        #expect(parseDuration("soon") == nil)
        #expect(parseDuration("-1s") == nil)
    }

    @Test func wrongTypeNamesKeyAndLine() throws {
        let root = try #require(try Yams.compose(yaml: "a: 1\nb:\n  - x\n"))
        let entries = try ConfigurationValue.mapping(root, "(file)", expecting: "a:, b:")
        #expect(entries.map(\.key) == ["a", "b"])
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationValue.string(entries[1].value, "b") }
        #expect(error?.key == "b")
        #expect(error?.line == 3)
        #expect(try ConfigurationValue.strings(entries[1].value, "b") == ["x"])
        #expect(try ConfigurationValue.int(entries[0].value, "a", in: 0...5) == 1)
        #expect(throws: ConfigurationError.self) { try ConfigurationValue.int(entries[0].value, "a", in: 2...5) }
    }
}
