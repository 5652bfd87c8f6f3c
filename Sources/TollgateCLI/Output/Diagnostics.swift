import Foundation
import RegoSyntax

/// Renders errors as `file:line:col: code: message`, the source line and a caret.
struct Diagnostics {
    var sources: [String: String]

    func render(_ error: RegoError) -> String {
        var out = error.description
        if let location = error.location, location.line > 0, let text = source(location.file) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if location.line <= lines.count {
                let line = String(lines[location.line - 1]).replacingOccurrences(of: "\t", with: " ")
                out += "\n\t" + line + "\n\t" + String(repeating: " ", count: max(0, location.column - 1)) + "^"
            }
        }
        return out
    }

    func source(_ file: String) -> String? {
        if let s = sources[file] { return s }
        return try? String(contentsOfFile: file, encoding: .utf8)
    }
}
