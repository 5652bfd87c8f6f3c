import Foundation

/// A compiled RE2 pattern run by `NSRegularExpression`, with Go's `regexp` semantics for
/// iterating matches, splitting and replacing. Offsets are UTF-16 (what Foundation reports).
final class GoRegex {
    let regex: NSRegularExpression
    let groupNames: [String: Int]
    /// The RE2 source text.
    let source: String

    init(pattern: String) throws(BuiltinError) {
        source = pattern
        do {
            let translated = try RE2Translator.translate(pattern)
            // ICU rejects an empty pattern; RE2 matches the empty string everywhere.
            regex = try NSRegularExpression(pattern: translated.pattern.isEmpty ? "(?:)" : translated.pattern, options: [])
            groupNames = translated.groupNames
        } catch let failure as RE2Translator.Failure {
            throw .builtin("error parsing regexp: \(failure.message): `\(pattern)`")
        } catch {
            throw .builtin("error parsing regexp: invalid pattern: `\(pattern)`")
        }
    }

    /// The compiled pattern, cached for the evaluation.
    static func cached(_ pattern: String, in context: BuiltinContext) throws(BuiltinError) -> GoRegex {
        let key = "regex\u{0}" + pattern
        if let re = context.cache.storage[key] as? GoRegex { return re }
        let re = try GoRegex(pattern: pattern)
        context.cache.storage[key] = re
        return re
    }

    /// One subject string with its UTF-16 units, for slicing by match offsets.
    struct Subject {
        let text: String
        let units: [UInt16]
        init(_ text: String) { self.text = text; units = Array(text.utf16) }
        var count: Int { units.count }
        func slice(_ lo: Int, _ hi: Int) -> String { String(decoding: units[lo..<hi], as: UTF16.self) }
        func slice(_ r: NSRange) -> String? {
            r.location == NSNotFound ? nil : slice(r.location, r.location + r.length)
        }
        /// Width in UTF-16 units of the rune at `pos`.
        func width(at pos: Int) -> Int {
            pos < units.count && (0xD800...0xDBFF).contains(units[pos]) ? 2 : 1
        }
    }

    func firstMatch(_ subject: Subject, from pos: Int) -> NSTextCheckingResult? {
        regex.firstMatch(in: subject.text, options: [.withTransparentBounds, .withoutAnchoringBounds],
                         range: NSRange(location: pos, length: subject.count - pos))
    }

    func matches(_ s: String) -> Bool {
        firstMatch(Subject(s), from: 0) != nil
    }

    /// Go's `FindAll…(s, n)`: successive non-overlapping matches; an empty match right after the
    /// previous match is skipped. `limit` < 0 means all.
    func allMatches(_ subject: Subject, limit: Int) -> [NSTextCheckingResult] {
        var results: [NSTextCheckingResult] = []
        var pos = 0, previousEnd = -1
        while pos <= subject.count && (limit < 0 || results.count < limit) {
            guard let m = firstMatch(subject, from: pos) else { break }
            let start = m.range.location, end = m.range.location + m.range.length
            var accept = true
            if end == pos {
                if start == previousEnd { accept = false }
                pos += subject.width(at: pos)
            } else {
                pos = end
            }
            previousEnd = end
            if accept { results.append(m) }
        }
        return results
    }

    /// Go's `Split(s, -1)`.
    func split(_ s: String) -> [String] {
        if !source.isEmpty && s.isEmpty { return [""] }
        let subject = Subject(s)
        var parts: [String] = []
        var begin = 0, end = 0
        for m in allMatches(subject, limit: -1) {
            end = m.range.location
            if m.range.location + m.range.length != 0 { parts.append(subject.slice(begin, end)) }
            begin = m.range.location + m.range.length
        }
        if end != subject.count { parts.append(subject.slice(begin, subject.count)) }
        return parts
    }

    /// Go's `ReplaceAllString`: `$1`, `${1}`, `$name`, `${name}` and `$$` in `template`.
    func replaceAll(_ s: String, template: String) -> String {
        let subject = Subject(s)
        var out = ""
        var lastEnd = 0, searchPos = 0
        while searchPos <= subject.count {
            guard let m = firstMatch(subject, from: searchPos) else { break }
            let a0 = m.range.location, a1 = m.range.location + m.range.length
            out += subject.slice(lastEnd, a0)
            // No replacement for an empty match right after the previous match.
            if a1 > lastEnd || a0 == 0 { out += expand(template, match: m, subject: subject) }
            lastEnd = a1
            let width = searchPos < subject.count ? subject.width(at: searchPos) : 0
            if searchPos + width > a1 { searchPos += width } else if searchPos + 1 > a1 { searchPos += 1 } else { searchPos = a1 }
        }
        out += subject.slice(lastEnd, subject.count)
        return out
    }

    /// Go's `Regexp.Expand`.
    private func expand(_ template: String, match m: NSTextCheckingResult, subject: Subject) -> String {
        var out = ""
        let t = Array(template.unicodeScalars)
        var k = 0
        while k < t.count {
            guard t[k] == "$" else { out.unicodeScalars.append(t[k]); k += 1; continue }
            k += 1
            if k < t.count && t[k] == "$" { out += "$"; k += 1; continue }
            let braced = k < t.count && t[k] == "{"
            var j = braced ? k + 1 : k
            var name = ""
            while j < t.count, t[j] == "_" || t[j].properties.isAlphabetic || t[j].properties.numericType == .decimal {
                name.unicodeScalars.append(t[j]); j += 1
            }
            if name.isEmpty || (braced && (j >= t.count || t[j] != "}")) { out += "$"; continue }
            if braced { j += 1 }
            k = j
            if let group = groupNumber(name), group < m.numberOfRanges {
                out += subject.slice(m.range(at: group)) ?? ""
            }
        }
        return out
    }

    private func groupNumber(_ name: String) -> Int? {
        if name.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) {
            if name.count > 1 && name.hasPrefix("0") { return nil }
            return name.count > 8 ? nil : Int(name)
        }
        return groupNames[name]
    }
}
