import Foundation
import RegoEngine
import RegoSyntax
import RegoValue
import Yams

/// One case of OPA's YAML evaluation suite, read from `../shared/conformance/opa-v1`.
struct ConformanceCase {
    var file: String
    var index: Int
    var note: String
    var query: String
    var modules: [String]
    var data: Value?
    var input: Value?
    var inputTerm: String?
    var wantResult: [Value]?
    var wantErrorCode: String?
    var wantError: String?
    var sortBindings: Bool
    var strict: Bool

    /// The folder holding the cases, found from this source file's location.
    static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/opa-v1/v1")
    }

    static func files() -> [String] {
        let fm = FileManager.default
        guard let categories = try? fm.contentsOfDirectory(atPath: root.path) else { return [] }
        var out: [String] = []
        for c in categories.sorted() {
            let files = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(c).path)) ?? []
            for f in files.sorted() where f.hasSuffix(".yaml") { out.append("\(c)/\(f)") }
        }
        return out
    }

    static func load(_ relative: String) throws -> [ConformanceCase] {
        let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
        guard let doc = try Yams.compose(yaml: text), let cases = doc.mapping?["cases"]?.sequence else { return [] }
        return cases.enumerated().map { i, node in
            let m = node.mapping
            func str(_ k: String) -> String? { m?[k]?.string }
            return ConformanceCase(
                file: relative, index: i, note: str("note") ?? "", query: str("query") ?? "",
                modules: m?["modules"]?.sequence?.compactMap { $0.string } ?? [],
                data: m?["data"].map(yamlValue), input: m?["input"].map(yamlValue), inputTerm: str("input_term"),
                wantResult: m?["want_result"]?.sequence?.map(yamlValue),
                wantErrorCode: str("want_error_code"), wantError: str("want_error"),
                sortBindings: m?["sort_bindings"]?.bool ?? false, strict: m?["strict_error"]?.bool ?? false)
        }
    }

    enum Outcome { case pass, fail(String) }

    func run() -> Outcome {
        do {
            var parsed: [Module] = []
            for (i, text) in modules.enumerated() { parsed.append(try RegoParser.parseModule(text, file: "test-\(i).rego")) }
            let policy = try PolicySet(modules: parsed, data: data ?? .object(RegoObject()))
            var inputValue = input
            if let inputTerm {
                guard let v = try RegoParser.parseTerm(inputTerm).constantValue else { return .fail("input_term is not constant") }
                inputValue = v
            }
            let query = try PreparedQuery(self.query, policy: policy)
            let results = try query.evaluate(input: inputValue, options: EvaluationOptions(strictBuiltinErrors: strict, timeoutNanoseconds: 10_000_000_000))
            if wantErrorCode != nil || wantError != nil { return .fail("expected error \(wantErrorCode ?? wantError ?? ""), got \(results.count) results") }
            guard let wantResult else { return .pass }
            let got = RegoSet(results.map { row in
                normalizeRow(.object(RegoObject(row.bindings.map { (Value.string($0.name), $0.value) })))
            })
            let want = RegoSet(wantResult.map(normalizeRow))
            return Value.set(got) == Value.set(want) ? .pass : .fail("want \(Value.set(want).jsonText) got \(Value.set(got).jsonText)")
        } catch let error as RegoErrors {
            return errorOutcome(error.errors.first?.code ?? "", error.description)
        } catch let error as RegoError {
            return errorOutcome(error.code, error.description)
        } catch {
            return .fail("unexpected \(error)")
        }
    }

    func errorOutcome(_ code: String, _ message: String) -> Outcome {
        guard wantErrorCode != nil || wantError != nil else { return .fail("error: \(message)") }
        if let wantErrorCode, wantErrorCode != code { return .fail("want code \(wantErrorCode), got \(message)") }
        return .pass
    }

    /// A result row as JSON output carries it; with `sort_bindings`, each bound array is sorted.
    func normalizeRow(_ row: Value) -> Value {
        guard case .object(let o) = normalize(row) else { return row }
        return .object(RegoObject(o.map { ($0.key, sortBindings ? sorted($0.value) : $0.value) }))
    }

    /// Sets become arrays and object keys strings, as JSON output writes them.
    func normalize(_ v: Value) -> Value {
        switch v {
        case .set(let s): return .array(s.elements.map(normalize))
        case .array(let a): return .array(a.map(normalize))
        case .object(let o):
            let pairs = o.map { (Value.string($0.key.stringValue ?? normalize($0.key).jsonText), normalize($0.value)) }
            return .object(RegoObject(pairs))
        default: return v
        }
    }

    func sorted(_ v: Value) -> Value {
        guard case .array(let a) = v else { return v }
        return .array(a.sorted { Value.compare($0, $1) < 0 })
    }
}

/// Converts a YAML node into a value, resolving scalars as go-yaml v2 does.
func yamlValue(_ node: Node) -> Value {
    switch node {
    case .scalar(let s):
        if s.style != .plain { return .string(s.string) }
        let text = s.string
        switch text {
        case "~", "null", "Null", "NULL", "": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return .bool(false)
        default: break
        }
        if let first = text.first, first.isNumber || first == "-" || first == "+" || first == ".",
           let n = Number(text: text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .number(n)
        }
        return .string(text)
    case .mapping(let m):
        return .object(RegoObject(m.map { (yamlValue($0.key), yamlValue($0.value)) }))
    case .sequence(let seq):
        return .array(seq.map(yamlValue))
    case .alias:
        return .null
    }
}
