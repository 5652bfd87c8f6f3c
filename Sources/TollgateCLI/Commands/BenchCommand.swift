import ArgumentParser
import Foundation
import RegoEngine
import RegoSyntax
import RegoValue

/// `tollgate bench`: measures the cases of a benchmark fixture folder (`manifest.json`): per
/// evaluation, parse the input JSON text, evaluate the prepared query, write the result as JSON.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark policy evaluation on a fixture folder (manifest.json).")

    @Option(help: "Folder holding manifest.json, the policies, inputs and expected results.")
    var fixtures: String

    @Option(name: [.customShort("f"), .long], help: "Output format: table or json.")
    var format: BenchFormat = .table

    @Option(help: "Timed repetitions per case (the median is reported).")
    var repetitions = 7

    @Option(help: "Target duration of one repetition, in milliseconds.")
    var repetitionMilliseconds = 200

    @Option(help: "Only cases whose name contains this text.")
    var filter: String?

    func run() throws {
        let root = URL(fileURLWithPath: fixtures)
        let manifest = try BenchCommand.readJSON(root.appendingPathComponent("manifest.json"))
        guard let cases = manifest[.string("cases")]?.arrayValue else {
            throw ValidationError("\(fixtures)/manifest.json has no \"cases\" array")
        }
        let dataFile = manifest[.string("data")]?.stringValue ?? "bundle/data.json"
        let data = try BenchCommand.readJSON(root.appendingPathComponent(dataFile))
        var results: [BenchResult] = []
        for c in cases {
            guard let name = c[.string("name")]?.stringValue else { continue }
            if let filter, !name.contains(filter) { continue }
            results.append(try measure(c, name: name, root: root, data: data))
            if format == .table { FileHandle.standardError.write(Data("measured \(name)\n".utf8)) }
        }
        switch format {
        case .json:
            let doc = Value.object(RegoObject([("engine", "tollgate"), ("cases", .array(results.map(\.json)))]))
            print(doc.jsonText(indent: 2))
        case .table:
            print("case                 median µs      min µs      max µs  iterations  prepare ms  result")
            for r in results {
                print(r.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                      + String(format: "%12.1f%12.1f%12.1f%12d%12.2f  %@", r.median, r.min, r.max, r.iterations, r.prepareMilliseconds, r.resultOK ? "ok" : "WRONG"))
            }
        }
        if results.contains(where: { !$0.resultOK }) { throw ExitCode(1) }
    }

    func measure(_ c: Value, name: String, root: URL, data: Value) throws -> BenchResult {
        let queryPath = c[.string("query")]?.stringValue ?? ""
        let policyFiles = c[.string("policies")]?.arrayValue?.compactMap(\.stringValue) ?? []
        let inputText = try String(contentsOf: root.appendingPathComponent(c[.string("input")]?.stringValue ?? ""), encoding: .utf8)
        let expected = try BenchCommand.readJSON(root.appendingPathComponent(c[.string("expected")]?.stringValue ?? ""))
        let asSet = c[.string("result_kind")]?.stringValue == "set"

        let prepareStart = SystemClock.monotonicSeconds()
        var modules: [Module] = []
        for file in policyFiles {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            modules.append(try RegoParser.parseModule(text, file: file))
        }
        let policy = try PolicySet(modules: modules, data: data)
        let query = try PreparedQuery("data." + queryPath.split(separator: "/").joined(separator: "."), policy: policy)
        let prepareMilliseconds = (SystemClock.monotonicSeconds() - prepareStart) * 1e3

        let context = SimpleBuiltinContext(printer: { _ in })
        var lastOutput = ""
        func once() throws {
            let input = try JSONReader.parse(inputText)
            let results = try query.evaluate(input: input, context: context)
            var writer = JSONWriter()
            writer.write(results.first?.expressions.first ?? .null)
            lastOutput = writer.text
        }
        // Warm up and size a repetition.
        let warmStart = SystemClock.monotonicSeconds()
        try once()
        let single = max(SystemClock.monotonicSeconds() - warmStart, 1e-7)
        let iterations = max(1, Int(Double(repetitionMilliseconds) / 1e3 / single))
        for _ in 0..<min(iterations, 100) { try once() }
        var perIteration: [Double] = []
        for _ in 0..<repetitions {
            let start = SystemClock.monotonicSeconds()
            for _ in 0..<iterations { try once() }
            perIteration.append((SystemClock.monotonicSeconds() - start) / Double(iterations) * 1e6)
        }
        perIteration.sort()
        var got = try JSONReader.parse(lastOutput)
        var want = expected
        if asSet {
            got = .array((got.arrayValue ?? []).sorted())
            want = .array((want.arrayValue ?? []).sorted())
        }
        return BenchResult(name: name, iterations: iterations, median: perIteration[perIteration.count / 2],
                           min: perIteration.first ?? 0, max: perIteration.last ?? 0,
                           prepareMilliseconds: prepareMilliseconds, resultOK: got == want)
    }

    static func readJSON(_ url: URL) throws -> Value {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ValidationError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { return try JSONReader.parse(text) } catch {
            throw ValidationError("\(url.path): line \(error.line), column \(error.column): \(error.message)")
        }
    }
}

enum BenchFormat: String, ExpressibleByArgument {
    case table, json
}

struct BenchResult {
    var name: String
    var iterations: Int
    var median: Double
    var min: Double
    var max: Double
    var prepareMilliseconds: Double
    var resultOK: Bool

    var json: Value {
        .object(RegoObject([
            ("name", .string(name)), ("iterations", .int(iterations)),
            ("median_us", .double(median)), ("min_us", .double(min)), ("max_us", .double(max)),
            ("prepare_ms", .double(prepareMilliseconds)), ("result_ok", .bool(resultOK)),
        ]))
    }
}
