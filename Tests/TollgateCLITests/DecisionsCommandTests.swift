import ArgumentParser
import DataStore
import DecisionLog
import Foundation
import RegoValue
import Testing
@testable import TollgateCLI

@Suite struct DecisionsCommandTests {
    /// A temporary state file holding five decisions, d-0 … d-4 (d-3 denied, subject bob).
    final class StateFile {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("decisions-cli-\(UUID().uuidString)")
        var path: String { (folder as NSString).appendingPathComponent("tollgate.sqlite") }

        init(records: Int = 5, baseTime: Int64 = Int64(Date().timeIntervalSince1970 * 1_000_000_000)) throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let store = try DecisionStore(path: path)
            for i in 0..<records {
                let denied = i == 3
                let subject = denied ? "bob" : "alice"
                let reasons: [String] = denied ? ["not, \"owner\""] : []
                let input: Value = ["user": .string(subject)]
                // One at a time: each is stored as a row of its own, which a test may delete.
                try store.append([DecisionRecord(
                    decisionID: "d-\(i)", timestamp: baseTime + Int64(i), path: "httpapi/authz/allow", input: input,
                    result: .bool(!denied), allowed: !denied, reasons: reasons, subject: subject)])
            }
            store.close()
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    @Test func listFiltersAndFormats() throws {
        let state = try StateFile()
        let json = try DecisionsCommand.List.parse(["--state", state.path, "--allowed", "false", "--format", "json"]).output()
        let parsed = try JSONReader.parse(json)
        #expect(parsed.arrayValue?.count == 1)
        #expect(parsed.arrayValue?.first?.objectValue?["decision_id"] == "d-3")
        let csv = try DecisionsCommand.List.parse(["--state", state.path, "--subject", "bob", "--format", "csv"]).output()
        #expect(csv.hasPrefix("decision_id,timestamp,path,allowed,subject,reasons,error_code\nd-3,"))
        #expect(csv.contains(",false,bob,\"not, \"\"owner\"\"\","))
        let jsonl = try DecisionsCommand.List.parse(["--state", state.path, "--limit", "2", "--format", "jsonl"]).output()
        #expect(jsonl.split(separator: "\n").count == 2)
        let table = try DecisionsCommand.List.parse(["--state", state.path, "--since", "1h", "--path", "httpapi/*"]).output()
        #expect(table.split(separator: "\n").count == 6)
        #expect(table.hasPrefix("TIME"))
    }

    @Test func badFilterValueNamesTheFlag() throws {
        let state = try StateFile()
        let list = try DecisionsCommand.List.parse(["--state", state.path, "--allowed", "maybe"])
        #expect(throws: ValidationError.self) { try list.output() }
        do { _ = try list.output() } catch let error as ValidationError {
            #expect(error.message.hasPrefix("--allowed \"maybe\": expected true or false"))
        }
        let missing = try DecisionsCommand.List.parse(["--state", state.path + ".missing"])
        #expect(throws: ValidationError.self) { try missing.output() }
    }

    @Test func showPrintsOneRecord() throws {
        let state = try StateFile()
        let text = try DecisionsCommand.Show.parse(["--state", state.path, "d-2"]).output()
        #expect(try JSONReader.parse(text).objectValue?["decision_id"] == "d-2")
        #expect(throws: ValidationError.self) { try DecisionsCommand.Show.parse(["--state", state.path, "nope"]).output() }
    }

    @Test func verifyFailsWithExitOneOnTampering() throws {
        let state = try StateFile()
        let verify = try DecisionsCommand.Verify.parse(["--state", state.path])
        try verify.run()
        // Tamper with raw SQL: delete the row holding a middle record, d-2 (record 3).
        try deleteRow(state.path, first: 3)
        let report = try verify.report()
        #expect(report.failure?.decisionID == "d-3")
        #expect(report.failure?.problem == .removed)
        #expect(throws: ExitCode(1)) { try verify.run() }
    }

    @Test func pruneAndExport() throws {
        // Records stamped 100 days ago, then one now.
        let old = Int64(Date().timeIntervalSince1970 * 1_000_000_000) - 100 * 86_400_000_000_000
        let state = try StateFile(baseTime: old)
        let store = try DecisionStore(path: state.path)
        try store.append([DecisionRecord(decisionID: "fresh", timestamp: old + 100 * 86_400_000_000_000, path: "x/allow", allowed: true)])
        store.close()
        #expect(try DecisionsCommand.Prune.parse(["--state", state.path, "--older-than", "90d"]).prune() == 5)
        #expect(throws: ValidationError.self) { try DecisionsCommand.Prune.parse(["--state", state.path, "--older-than", "soon"]).prune() }
        #expect(try DecisionsCommand.Verify.parse(["--state", state.path]).report().isIntact)
        var lines: [String] = []
        try DecisionsCommand.Export.parse(["--state", state.path, "--format", "cef"]).export { lines.append($0) }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("CEF:0|Tollgate|Tollgate|") == true)
        #expect(lines.first?.contains("cs1=fresh") == true)
        lines = []
        try DecisionsCommand.Export.parse(["--state", state.path]).export { lines.append($0) }
        #expect(try JSONReader.parse(lines.first ?? "").objectValue?["decision_id"] == "fresh")
    }

    @Test func decisionsIsRegisteredUnderTollgate() throws {
        let command = try TollgateCommand.parseAsRoot(["decisions", "verify", "--state", "x.sqlite"])
        #expect(command is DecisionsCommand.Verify)
    }

    /// Deletes the stored row whose records start with number `first`, with raw SQL, as someone with
    /// write access to the file could.
    private func deleteRow(_ path: String, first: Int64) throws {
        let database = try SQLiteDatabase(path: path)
        defer { database.close() }
        try database.run("DELETE FROM decision_log_chunk WHERE first_seq = ?", [.int(first)])
        #expect(database.changes == 1)
    }
}
