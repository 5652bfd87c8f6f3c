@testable import RegoSyntax
import Testing

@Suite struct LocationTests {
    @Test func keepsItsFileLineAndColumn() {
        let location = Location(file: "policies/authz.rego", line: 12, column: 5)
        #expect(location.file == "policies/authz.rego")
        #expect(location.line == 12)
        #expect(location.column == 5)
        #expect(location.description == "policies/authz.rego:12:5")
        #expect(Location.unknown.file == "")
        #expect(Location.unknown.description == "0:0")
        #expect(Location(file: "", line: 3, column: 4).description == "3:4")
    }

    @Test func locationsInTheSameFileShareItsNumberAndCompareByPlace() {
        let a = Location(file: "lib/a.rego", line: 1, column: 1)
        let b = Location(file: "lib/b.rego", line: 1, column: 1)
        #expect(a == Location(file: "lib/a.rego", line: 1, column: 1))
        #expect(a != b)
        #expect(a != Location(file: "lib/a.rego", line: 1, column: 2))
        #expect(Set([a, b, Location(file: "lib/a.rego", line: 1, column: 1)]).count == 2)
        #expect(SourceFileNames.number(of: "lib/a.rego") == SourceFileNames.number(of: "lib/a.rego"))
        #expect(SourceFileNames.number(of: "lib/a.rego") != SourceFileNames.number(of: "lib/b.rego"))
        #expect(SourceFileNames.number(of: "") == 0)
    }

    @Test func parsedTermsPointIntoTheirFile() throws {
        let module = try RegoParser.parseModule("package p\n\nallow if input.x == 1\n", file: "checks/p.rego")
        let rule = try #require(module.rules.first)
        #expect(rule.location.file == "checks/p.rego")
        #expect(rule.location.line == 3)
    }
}
