import Yams

/// A configuration mistake: which key, where, what was expected.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var key: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(key: String, line: Int, column: Int, message: String) {
        self.key = key
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "line \(line), column \(column): \(key): \(message)" : "\(key): \(message)"
    }
}

extension ConfigurationError {
    /// An error at `node`'s line and column in the YAML text.
    public static func at(_ node: Node, key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(key: key, line: node.mark.map { $0.line } ?? 0, column: node.mark.map { $0.column } ?? 0, message: message)
    }
}

/// Parses `500ms`, `5s`, `1m`, `2h` or a bare number of seconds into nanoseconds.
public func parseDuration(_ text: String) -> UInt64? {
    let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9), ("d", 86400e9)]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
        guard let n = Double(text.dropLast(suffix.count)), n >= 0 else { return nil }
        return UInt64(n * scale)
    }
    guard let n = Double(text), n >= 0 else { return nil }
    return UInt64(n * 1e9)
}

/// Typed reads of YAML configuration nodes; each failure names the key and the node's line.
public enum ConfigurationValue {
    /// A scalar as text.
    public static func string(_ node: Node, _ key: String) throws(ConfigurationError) -> String {
        guard let s = node.scalar?.string else { throw .at(node, key: key, "expected a string") }
        return s
    }

    /// A duration such as `500ms`, `5s` or `1m`, in nanoseconds.
    public static func duration(_ node: Node, _ key: String) throws(ConfigurationError) -> UInt64 {
        guard let s = node.scalar?.string, let ns = parseDuration(s) else {
            throw .at(node, key: key, "expected a duration such as 500ms, 5s or 1m")
        }
        return ns
    }

    /// A whole number within `range`.
    public static func int(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let n = node.int, range.contains(n) else {
            throw .at(node, key: key, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// Composes configuration YAML into nodes, their scalars untyped: each key's reader
    /// interprets its own text (`int`, `bool`, `duration`). Typing scalars as it parses would
    /// have YAML's resolver compile its regular expressions first, a few milliseconds of every
    /// start of the sidecar.
    public static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]))
    }

    /// `true` or `false` (or YAML's `yes`, `no`, `on`, `off`), unquoted: a quoted `"true"` is text.
    public static func bool(_ node: Node, _ key: String) throws(ConfigurationError) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let b = booleans[scalar.string] else {
            throw .at(node, key: key, "expected true or false")
        }
        return b
    }

    /// The plain scalars YAML reads as booleans, in the casings it accepts.
    private static let booleans: [String: Bool] = {
        var words: [String: Bool] = [:]
        for (word, value) in [("true", true), ("yes", true), ("on", true), ("false", false), ("no", false), ("off", false)] {
            for casing in [word, word.prefix(1).uppercased() + word.dropFirst(), word.uppercased()] { words[casing] = value }
        }
        return words
    }()

    /// A list of strings (a single string counts as a list of one).
    public static func strings(_ node: Node, _ key: String) throws(ConfigurationError) -> [String] {
        if let s = node.scalar?.string { return [s] }
        guard let items = node.sequence else { throw .at(node, key: key, "expected a list of strings") }
        var out: [String] = []
        for item in items { out.append(try string(item, key)) }
        return out
    }

    /// A mapping's entries in file order, keys as text.
    public static func mapping(_ node: Node, _ key: String, expecting: String) throws(ConfigurationError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw .at(node, key: key, "expected a mapping with \(expecting)") }
        return mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }
}
