import Foundation
import Testing

/// Runs OPA's own evaluation cases in-process. `passing.txt` is a ratchet: every file listed
/// there must keep passing. Set `TOLLGATE_UPDATE_RATCHET=1` to rewrite it after an improvement.
@Suite struct ConformanceTests {
    static let ratchetURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("passing.txt")

    static var ratchet: [String] {
        guard let text = try? String(contentsOf: ratchetURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func failures(of file: String) throws -> [String] {
        try ConformanceCase.load(file).compactMap { c in
            if case .fail(let why) = c.run() { return "\(file)#\(c.index) \(c.note): \(why)" }
            return nil
        }
    }

    @Test func casesAreReachable() {
        #expect(ConformanceCase.files().count > 700, "../shared/conformance/opa-v1 must sit beside the project")
    }

    @Test(arguments: ConformanceTests.ratchet)
    func ratchetedFileStillPasses(_ file: String) throws {
        let failures = try ConformanceTests.failures(of: file)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func reportAndUpdateRatchet() throws {
        guard ProcessInfo.processInfo.environment["TOLLGATE_UPDATE_RATCHET"] == "1" else { return }
        var passing: [String] = []
        var report: [String] = []
        var total = 0, passed = 0
        for file in ConformanceCase.files() {
            let cases = try ConformanceCase.load(file)
            var ok = true
            for c in cases {
                total += 1
                if case .fail(let why) = c.run() { ok = false; report.append("\(file)#\(c.index) \(c.note): \(why)") } else { passed += 1 }
            }
            if ok { passing.append(file) }
        }
        let header = "# Conformance files of ../shared/conformance/opa-v1/v1 whose every case passes in-process.\n"
        try (header + passing.joined(separator: "\n") + "\n").write(to: ConformanceTests.ratchetURL, atomically: true, encoding: .utf8)
        try report.joined(separator: "\n").write(toFile: "/tmp/tollgate-conformance-failures.txt", atomically: true, encoding: .utf8)
        print("conformance: \(passed)/\(total) cases, \(passing.count) files fully passing")
    }
}
