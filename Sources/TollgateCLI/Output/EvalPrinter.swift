import RegoEngine
import RegoSyntax
import RegoValue

/// Writes evaluation results in `opa eval`'s formats.
struct EvalPrinter {
    var format: OutputFormat

    func render(results: [QueryResult], query: PreparedQuery) -> String {
        switch format {
        case .json:
            return resultDocument(results, query).jsonText(indent: 2)
        case .raw:
            return results.map { r in
                r.expressions.map { v in if case .string(let s) = v { return s }; return v.jsonText(indent: 2) }.joined(separator: "\n")
            }.joined(separator: "\n")
        case .pretty:
            if results.isEmpty { return "undefined" }
            if results.count == 1, results[0].bindings.isEmpty, results[0].expressions.count == 1 {
                return results[0].expressions[0].jsonText(indent: 2)
            }
            return table(results)
        }
    }

    func resultDocument(_ results: [QueryResult], _ query: PreparedQuery) -> Value {
        guard !results.isEmpty else { return .object(RegoObject()) }
        let rows: [Value] = results.map { r in
            var expressions: [Value] = []
            for (i, v) in r.expressions.enumerated() {
                let location = query.expressionLocations[i]
                expressions.append(.object(RegoObject([
                    ("value", v),
                    ("text", .string(query.expressionTexts[i])),
                    ("location", .object(RegoObject([("row", .int(location.line)), ("col", .int(location.column))]))),
                ])))
            }
            var row: [(String, Value)] = [("expressions", .array(expressions))]
            if !r.bindings.isEmpty {
                row.append(("bindings", .object(RegoObject(r.bindings.map { ($0.name, $0.value) }))))
            }
            return .object(RegoObject(row))
        }
        return .object(RegoObject([("result", .array(rows))]))
    }

    func table(_ results: [QueryResult]) -> String {
        let names = results.first?.bindings.map(\.name) ?? []
        var rows: [[String]] = [names]
        for r in results { rows.append(r.bindings.map { $0.value.jsonText }) }
        let widths = names.indices.map { i in rows.map { $0.count > i ? $0[i].count : 0 }.max() ?? 0 }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        var lines = [rule]
        for (n, row) in rows.enumerated() {
            lines.append("|" + row.enumerated().map { " " + $1 + String(repeating: " ", count: widths[$0] - $1.count) + " " }.joined(separator: "|") + "|")
            if n == 0 { lines.append(rule) }
        }
        lines.append(rule)
        return lines.joined(separator: "\n")
    }

    func render(errors: [RegoError], sources: [String: String]) -> String {
        switch format {
        case .json:
            let list: [Value] = errors.map { e in
                var pairs: [(String, Value)] = [("code", .string(e.code)), ("message", .string(e.message))]
                if let l = e.location {
                    pairs.append(("location", .object(RegoObject([("file", .string(l.file)), ("row", .int(l.line)), ("col", .int(l.column))]))))
                }
                return .object(RegoObject(pairs))
            }
            return Value.object(RegoObject([("errors", .array(list))])).jsonText(indent: 2)
        case .pretty, .raw:
            let d = Diagnostics(sources: sources)
            return "\(errors.count) error\(errors.count == 1 ? "" : "s") occurred:\n" + errors.map(d.render).joined(separator: "\n")
        }
    }
}
