import Foundation
import RegoSyntax
import Testing
@testable import TollgateCLI

@Suite struct CheckCommandTests {
    @Test func errorIsRenderedWithSourceLineAndCaret() {
        let source = "package p\n\nallow if {\n\tx > 1\n}\n"
        let error = RegoError(code: RegoError.unsafeVar, message: "var x is unsafe", location: Location(file: "p.rego", line: 4, column: 2))
        let text = Diagnostics(sources: ["p.rego": source]).render(error)
        #expect(text == "p.rego:4:2: rego_unsafe_var_error: var x is unsafe\n\t x > 1\n\t ^")
    }

    @Test func checkFailsOnBadModuleAndPassesOnShippedPolicies() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.rego").path
        try "package broken\n\nallow if {\n\tinput.x ==\n}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try CheckCommand.parse([file])
        #expect(throws: (any Error).self) { try bad.run() }
        let good = try CheckCommand.parse([path("policies")])
        try good.run()
    }
}
