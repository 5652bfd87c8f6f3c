import Foundation
import Testing
import Yams
@testable import RegoSyntax

/// Parses every module and query of the OPA v1 conformance cases.
@Suite struct ConformanceParseTests {
    /// `/work/shared/conformance/opa-v1/v1`, found relative to this file.
    static var casesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/opa-v1/v1")
    }

    struct Snippet {
        var file: String
        var note: String
        var text: String
        var isQuery: Bool
        var expectsError: Bool
    }

    static func snippets() throws -> [Snippet] {
        let fm = FileManager.default
        var result: [Snippet] = []
        let dirs = try fm.contentsOfDirectory(atPath: casesDirectory.path).sorted()
        for dir in dirs {
            let dirURL = casesDirectory.appendingPathComponent(dir)
            guard let files = try? fm.contentsOfDirectory(atPath: dirURL.path) else { continue }
            for name in files.sorted() where name.hasSuffix(".yaml") {
                let text = try String(contentsOf: dirURL.appendingPathComponent(name), encoding: .utf8)
                guard let root = try Yams.load(yaml: text) as? [String: Any],
                      let cases = root["cases"] as? [[String: Any]] else { continue }
                for c in cases {
                    let note = c["note"] as? String ?? "?"
                    let expectsError = c["want_error"] != nil || c["want_error_code"] != nil
                    for module in c["modules"] as? [String] ?? [] {
                        result.append(Snippet(file: "\(dir)/\(name)", note: note, text: module,
                                              isQuery: false, expectsError: expectsError))
                    }
                    if let query = c["query"] as? String {
                        result.append(Snippet(file: "\(dir)/\(name)", note: note, text: query,
                                              isQuery: true, expectsError: expectsError))
                    }
                }
            }
        }
        return result
    }

    @Test func conformanceModulesParse() throws {
        let snippets = try Self.snippets()
        var failures: [String] = []
        var modules = 0, queries = 0, queryFailures = 0
        for snippet in snippets where !snippet.expectsError {
            do {
                if snippet.isQuery {
                    queries += 1
                    _ = try RegoParser.parseQuery(snippet.text, file: "query")
                } else {
                    modules += 1
                    _ = try RegoParser.parseModule(snippet.text, file: "m.rego")
                }
            } catch {
                if snippet.isQuery { queryFailures += 1 }
                failures.append("\(snippet.file) [\(snippet.note)] \(snippet.isQuery ? "query" : "module"): \(error)")
            }
        }
        let report = failures.joined(separator: "\n")
        print("CONFORMANCE PARSE: \(modules) modules, \(queries) queries, \(failures.count) failures (\(queryFailures) queries)\n\(report)")
        #expect(failures.count == 0, "\(failures.count) failures")
    }
}
