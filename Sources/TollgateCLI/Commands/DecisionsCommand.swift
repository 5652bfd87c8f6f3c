import ArgumentParser
import DecisionLog
import Foundation
import RegoValue

/// `tollgate decisions …`: the auditor's view of the decision log kept in the sidecar's state file.
struct DecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Query, verify, prune and export the decision log.",
        subcommands: [List.self, Show.self, Verify.self, Prune.self, Export.self])

    /// The product version stamped in CEF headers.
    static let productVersion = "0.1.0"
}

/// `--state FILE`, shared by every `decisions` subcommand.
struct DecisionStateOptions: ParsableArguments {
    @Option(help: "The sidecar's SQLite state file holding the decision log.")
    var state = "var/tollgate.sqlite"

    /// Opens the log's store; a missing file is an error, not a new empty log.
    func openStore() throws -> DecisionStore {
        guard FileManager.default.fileExists(atPath: state) else {
            throw ValidationError("no state file at \(state); pass --state FILE (the `state` key of tollgate.yaml)")
        }
        do { return try DecisionStore(path: state) } catch { throw ValidationError(error.message) }
    }
}

/// The filter flags of `list` and `export`.
struct DecisionFilterOptions: ParsableArguments {
    @Option(help: "Records at or after this time: RFC 3339 (2026-11-01T00:00:00Z) or a duration ago (24h, 7d).")
    var since: String?
    @Option(help: "Records at or before this time (same forms as --since).")
    var until: String?
    @Option(help: "A rule path (httpapi/authz/allow) or a prefix ending in * (httpapi/*).")
    var path: String?
    @Option(help: "true for allowed decisions, false for denied ones.")
    var allowed: String?
    @Option(help: "Only this subject's decisions.")
    var subject: String?
    @Option(help: "Only the decision with this id.")
    var id: String?

    /// The filter, with `limit` as given; bad values are reported naming the flag.
    func filter(limit: String?) throws -> DecisionFilter {
        var parameters: [String: String] = [:]
        for (key, value) in [("since", since), ("until", until), ("path", path), ("allowed", allowed),
                             ("subject", subject), ("id", id), ("limit", limit)] {
            if let value { parameters[key] = value }
        }
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        do { return try DecisionFilter.parse(parameters, now: now) } catch {
            if case .badParameter(let name, let value, let expected) = error {
                throw ValidationError("--\(name) \"\(value)\": expected \(expected)")
            }
            throw ValidationError(error.message)
        }
    }
}

extension DecisionsCommand {
    /// The output formats of `list`.
    enum ListFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, jsonl, csv
    }

    /// `tollgate decisions list`: matching records, newest first.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List decisions, newest first.")

        @OptionGroup var options: DecisionStateOptions
        @OptionGroup var filters: DecisionFilterOptions
        @Option(help: "At most this many records (1–1000, default 100).")
        var limit: String?
        @Option(help: "Output format: table, json, jsonl or csv.")
        var format: ListFormat = .table

        func run() throws { print(try output(), terminator: "") }

        /// What `run` prints.
        func output() throws -> String {
            let filter = try filters.filter(limit: limit)
            let store = try options.openStore()
            defer { store.close() }
            let records = try store.list(filter).records
            return DecisionTable.render(records, format: format)
        }
    }

    /// `tollgate decisions show ID`: one record as indented JSON.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one decision as JSON.")

        @OptionGroup var options: DecisionStateOptions
        @Argument(help: "The decision id.")
        var id: String

        func run() throws { print(try output(), terminator: "") }

        /// What `run` prints.
        func output() throws -> String {
            let store = try options.openStore()
            defer { store.close() }
            guard let record = try store.get(id: id) else {
                throw ValidationError("no decision \(id) in \(options.state); list recent ones with `tollgate decisions list`")
            }
            return record.json.jsonText(indent: 2) + "\n"
        }
    }

    /// `tollgate decisions verify`: walks the hash chain; exits 1 naming the first bad record.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Verify the decision log's hash chain.")

        @OptionGroup var options: DecisionStateOptions

        func run() throws {
            let report = try self.report()
            if report.isIntact {
                print(report.description)
            } else {
                FileHandle.standardError.write(Data((report.description + "\n").utf8))
                throw ExitCode(1)
            }
        }

        /// The chain report `run` prints.
        func report() throws -> ChainReport {
            let store = try options.openStore()
            defer { store.close() }
            return try store.verify()
        }
    }

    /// `tollgate decisions prune --older-than 90d`.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove old decisions; the rest stays verifiable.")

        @OptionGroup var options: DecisionStateOptions
        @Option(help: "Remove decisions older than this (90d, 12h, 30m).")
        var olderThan: String

        func run() throws { print("removed \(try prune()) decisions older than \(olderThan)") }

        /// Prunes and returns how many records were removed.
        func prune() throws -> Int {
            let age: Int64
            do { age = try DecisionFilter.parseDuration(olderThan, parameter: "older-than") } catch {
                throw ValidationError("--older-than \"\(olderThan)\": expected a whole number followed by ms, s, m, h, d or w, such as 90d")
            }
            let store = try options.openStore()
            defer { store.close() }
            return try store.prune(before: Int64(Date().timeIntervalSince1970 * 1_000_000_000) - age)
        }
    }

    /// The formats of `export`.
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl, cef
    }

    /// `tollgate decisions export --format jsonl|cef`: every matching record, oldest first.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Export decisions as JSON lines or CEF, oldest first.")

        @OptionGroup var options: DecisionStateOptions
        @OptionGroup var filters: DecisionFilterOptions
        @Option(help: "jsonl (OPA events, one per line) or cef (Common Event Format for SIEMs).")
        var format: ExportFormat = .jsonl

        func run() throws { try export { FileHandle.standardOutput.write(Data($0.utf8)) } }

        /// Hands each exported line to `write`.
        func export(_ write: (String) throws -> Void) throws {
            let filter = try filters.filter(limit: nil)
            let store = try options.openStore()
            defer { store.close() }
            switch format {
            case .jsonl: try JSONLinesExporter.export(from: store, filter: filter, write: write)
            case .cef: try CEFExporter(version: DecisionsCommand.productVersion).export(from: store, filter: filter, write: write)
            }
        }
    }
}
