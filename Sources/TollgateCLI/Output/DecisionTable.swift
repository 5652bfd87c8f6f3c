import Foundation
import DecisionLog
import RegoValue

/// Renders decision records for `tollgate decisions list`: an aligned table, JSON, JSON lines or CSV.
enum DecisionTable {
    static func render(_ records: [DecisionRecord], format: DecisionsCommand.ListFormat) -> String {
        switch format {
        case .json:
            return Value.array(records.map(\.json)).jsonText(indent: 2) + "\n"
        case .jsonl:
            return records.map { $0.canonicalJSON + "\n" }.joined()
        case .csv:
            let header = "decision_id,timestamp,path,allowed,subject,reasons,error_code\n"
            return header + records.map { r in
                [r.decisionID, Timestamp.format(nanoseconds: r.timestamp), r.path, outcome(r), r.subject ?? "",
                 r.reasons.joined(separator: "; "), r.errorCode ?? ""].map(csvField).joined(separator: ",") + "\n"
            }.joined()
        case .table:
            let rows = [["TIME", "DECISION ID", "PATH", "ALLOWED", "SUBJECT", "REASONS"]] + records.map { r in
                [Timestamp.format(nanoseconds: r.timestamp), r.decisionID, r.path, outcome(r), r.subject ?? "-",
                 r.errorCode.map { "error: \($0)" } ?? r.reasons.joined(separator: "; ")]
            }
            var widths = [Int](repeating: 0, count: 6)
            for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            return rows.map { row in
                row.enumerated().map { i, cell in
                    i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
                }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
    }

    static func outcome(_ record: DecisionRecord) -> String {
        switch record.allowed {
        case true?: "true"
        case false?: "false"
        case nil: "undefined"
        }
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
