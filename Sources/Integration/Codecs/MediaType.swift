import RegoValue

/// A body format a pipeline reads or writes, chosen from `Content-Type` and `Accept` headers.
///
/// ```swift
/// let format = MediaType.forContentType("application/xml; charset=utf-8") ?? .json   // .xml
/// let value = try format.decode(body)
/// let reply = MediaType.forAccept("text/csv;q=0.5, application/json") ?? .json    // .json
/// let text = try reply.encode(value)
/// ```
public enum MediaType: String, Sendable, CaseIterable {
    /// `application/json`, and any `*+json` type.
    case json
    /// `application/xml`, `text/xml`, and any `*+xml` type.
    case xml
    /// `text/csv` (RFC 4180).
    case csv
    /// `application/x-www-form-urlencoded`.
    case form

    /// The format of a `Content-Type` header: `application/json` and `*+json` (no header, or an
    /// empty one, means JSON), `application/xml`, `text/xml` and `*+xml`, `text/csv`, and
    /// `application/x-www-form-urlencoded`; parameters such as `charset` are ignored. Nil for any
    /// other type.
    public static func forContentType(_ header: String?) -> MediaType? {
        guard let header else { return .json }
        let essence = essence(of: header[...])
        return essence.isEmpty ? .json : forEssence(essence)
    }

    /// The format to answer with for an `Accept` header: no header, an empty one or `*/*` give
    /// JSON. Each supported format takes the q-value of the most specific range that matches it; the
    /// highest q wins, ties going to the range listed first and then to the order json, xml, csv,
    /// form. Nil when every supported format is excluded (q=0 or not listed).
    public static func forAccept(_ header: String?) -> MediaType? {
        guard let header, header.contains(where: { !$0.isWhitespace && $0 != "," }) else { return .json }
        // Per format: (q, specificity, position of the deciding range).
        var best: [MediaType: (q: Double, specificity: Int, position: Int)] = [:]
        for (position, range) in header.split(separator: ",").prefix(maxAcceptRanges).enumerated() {
            let parts = range.split(separator: ";")
            guard let first = parts.first else { continue }
            let type = essence(of: first)
            var q = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(trimmed)
                guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
                guard let value = Double(pair[1]), value >= 0, value <= 1 else { q = -1; break }
                q = value
            }
            guard q >= 0 else { continue }
            for format in allCases {
                guard let specificity = format.specificity(matching: type) else { continue }
                if let current = best[format], current.specificity >= specificity { continue }
                best[format] = (q, specificity, position)
            }
        }
        let acceptable = allCases.compactMap { format in best[format].map { (format, $0) } }.filter { $0.1.q > 0 }
        let chosen = acceptable.min { a, b in
            if a.1.q != b.1.q { return a.1.q > b.1.q }
            if a.1.position != b.1.position { return a.1.position < b.1.position }
            return (allCases.firstIndex(of: a.0) ?? 0) < (allCases.firstIndex(of: b.0) ?? 0)
        }
        return chosen?.0
    }

    /// More media ranges than this in one `Accept` header are ignored.
    static let maxAcceptRanges = 64

    /// The `Content-Type` header value for bodies written in this format.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .xml: "application/xml; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .form: "application/x-www-form-urlencoded"
        }
    }

    /// Reads a body in this format; a leading byte order mark is skipped. CSV uses `csv` (with a
    /// header by default).
    public func decode(_ text: String, csv: CSVOptions = .init()) throws(CodecError) -> Value {
        let body = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        switch self {
        case .json:
            do {
                return try JSONReader.parse(body)
            } catch {
                throw CodecError(format: "json", line: error.line, column: error.column, message: error.message)
            }
        case .xml: return try XMLCodec.parse(body)
        case .csv: return try CSVCodec.parse(body, options: csv)
        case .form: return try FormCodec.parse(body)
        }
    }

    /// Reads a body of raw bytes, which must be UTF-8 (a leading byte order mark is allowed).
    public func decode(_ bytes: [UInt8], csv: CSVOptions = .init()) throws(CodecError) -> Value {
        if let offset = CodecText.invalidUTF8Offset(in: bytes) {
            throw .at(offset, in: bytes, format: rawValue, "expected UTF-8 text, found an invalid byte; send the body encoded as UTF-8")
        }
        return try decode(String(decoding: bytes, as: UTF8.self), csv: csv)
    }

    /// Writes `value` in this format. CSV uses `csv`; XML wraps values that are not
    /// `{name: element}` in an `xmlRoot` element.
    public func encode(_ value: Value, csv: CSVOptions = .init(), xmlRoot: String = "result") throws(CodecError) -> String {
        switch self {
        case .json: value.jsonText
        case .xml: try XMLCodec.serialize(value, rootName: xmlRoot)
        case .csv: try CSVCodec.serialize(value, options: csv)
        case .form: try FormCodec.serialize(value)
        }
    }

    /// The lowercased `type/subtype` of a media type, without parameters or surrounding space.
    private static func essence(of text: Substring) -> String {
        let end = text.firstIndex(of: ";") ?? text.endIndex
        return trimmed(text[..<end]).lowercased()
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }

    private static func forEssence(_ essence: String) -> MediaType? {
        switch essence {
        case "application/json", "text/json": .json
        case "application/xml", "text/xml": .xml
        case "text/csv", "application/csv": .csv
        case "application/x-www-form-urlencoded": .form
        default:
            essence.hasSuffix("+json") ? .json : essence.hasSuffix("+xml") ? .xml : nil
        }
    }

    /// How specifically the media range `range` names this format: 3 exactly (or by a `+json`
    /// or `+xml` suffix), 2 as `type/*`, 1 as `*/*`; nil when it does not match.
    private func specificity(matching range: String) -> Int? {
        if range == "*/*" { return 1 }
        if range.hasSuffix("/*") {
            let type = range.dropLast(2)
            let types: [Substring] = switch self {
            case .json, .form: ["application"]
            case .xml: ["application", "text"]
            case .csv: ["text"]
            }
            return types.contains(type) ? 2 : nil
        }
        return MediaType.forEssence(range) == self ? 3 : nil
    }
}
