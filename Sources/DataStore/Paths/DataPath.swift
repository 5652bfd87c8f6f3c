import Foundation

/// A path into `data`: a list of keys, parsed from a URL path such as `a/b/c` (percent-decoded
/// segments; an empty path is the root of `data`).
///
/// A segment addresses an object key, or, when the document there is an array, an index
/// (`0`, `1`, …); writes also accept `-` to append to an array, as OPA's storage does.
public struct DataPath: Sendable, Hashable, CustomStringConvertible {
    /// The decoded keys, outermost first; empty for the root.
    public let segments: [String]

    /// The root of `data`.
    public static let root = DataPath(segments: [])

    /// Wraps already decoded segments.
    public init(segments: [String]) { self.segments = segments }

    /// Parses a URL path (`a/b/c`, `/a/b/`, `users/alice%2Fbob`): one leading and one trailing
    /// slash are ignored, segments are percent-decoded, and an empty segment is an error.
    public init(urlPath: String) throws(StoreError) {
        var text = Substring(urlPath)
        if text.hasPrefix("/") { text = text.dropFirst() }
        if text.hasSuffix("/") { text = text.dropLast() }
        guard !text.isEmpty else { self.segments = []; return }
        var decoded: [String] = []
        for (index, raw) in text.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            guard !raw.isEmpty else {
                throw .badPath(path: urlPath, reason: "segment \(index + 1) is empty (two slashes in a row)")
            }
            guard let segment = String(raw).removingPercentEncoding else {
                throw .badPath(path: urlPath, reason: "segment \(index + 1) (\"\(raw)\") has an invalid percent-encoding; encode % as %25")
            }
            decoded.append(segment)
        }
        self.segments = decoded
    }

    /// Parses a JSON Pointer (RFC 6901: `/a/b`, `~1` for `/`, `~0` for `~`); `""` and `"/"` are
    /// the root, as OPA treats them in `PATCH /v1/data`; a pointer without the leading slash is
    /// read as relative keys.
    public init(pointer: String) throws(StoreError) {
        guard pointer != "", pointer != "/" else { self.segments = []; return }
        let body = pointer.hasPrefix("/") ? pointer.dropFirst() : Substring(pointer)
        var decoded: [String] = []
        for raw in body.split(separator: "/", omittingEmptySubsequences: false) {
            var segment = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else { segment.append(character); continue }
                switch iterator.next() {
                case "0": segment.append("~")
                case "1": segment.append("/")
                default: throw .badPath(path: pointer, reason: "\"~\" must be followed by 0 or 1 in a JSON pointer")
                }
            }
            decoded.append(segment)
        }
        self.segments = decoded
    }

    /// Whether this is the root of `data`.
    public var isRoot: Bool { segments.isEmpty }

    /// The path of the parent document; the root's parent is the root.
    public var parent: DataPath { DataPath(segments: Array(segments.dropLast())) }

    /// This path followed by `segment`.
    public func appending(_ segment: String) -> DataPath { DataPath(segments: segments + [segment]) }

    /// Whether `other` is this path or lies below it.
    public func contains(_ other: DataPath) -> Bool {
        other.segments.count >= segments.count && Array(other.segments.prefix(segments.count)) == segments
    }

    /// The JSON Pointer form (`/a/b`, root `""`), used as the stored key of a data operation.
    public var pointer: String {
        segments.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }

    /// The URL form (`a/b`, root `""`), percent-encoding what would not read back as one segment.
    public var urlPath: String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/%")
        return segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
    }

    /// `data.a.b`-like text for messages: the URL form.
    public var description: String { urlPath }
}
