import RegoValue

/// A `# METADATA` comment block: the YAML it holds and what it annotates, the `package` or the rule
/// whose head begins on the first line after the block (blank lines between are allowed).
///
/// ```rego
/// # METADATA
/// # title: Deny unknown users
/// # authors:
/// # - Security team <security@example.com>
/// deny contains msg if { … }
/// ```
public struct Annotation: Sendable {
    public enum Target: Sendable, Equatable {
        case package
        /// The rule at this index of the module's `rules`.
        case rule(Int)
    }

    public var target: Target
    /// The block's lines without their `#` and the one space after it.
    public var yaml: String
    /// Where the `# METADATA` line is.
    public var location: Location

    public init(target: Target, yaml: String, location: Location) {
        self.target = target
        self.yaml = yaml
        self.location = location
    }

    /// The annotations of `module`, parsed from `text`, its source.
    static func find(in text: String, module: Module) -> [Annotation] {
        guard text.contains("METADATA") else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var out: [Annotation] = []
        var index = 0
        while index < lines.count {
            guard lines[index].trimmingWhitespace == "# METADATA" else { index += 1; continue }
            let start = index
            var yaml: [Substring] = []
            index += 1
            while index < lines.count, lines[index].drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") {
                var line = lines[index].drop(while: { $0 == " " || $0 == "\t" }).dropFirst()
                if line.hasPrefix(" ") { line = line.dropFirst() }
                yaml.append(line)
                index += 1
            }
            while index < lines.count, lines[index].trimmingWhitespace.isEmpty { index += 1 }
            guard index < lines.count else { break }
            let line = index + 1
            let target: Target?
            if lines[index].trimmingWhitespace.hasPrefix("package ") || lines[index].trimmingWhitespace == "package" {
                target = .package
            } else {
                target = module.rules.firstIndex { $0.location.line == line }.map(Target.rule)
            }
            if let target {
                out.append(Annotation(target: target, yaml: yaml.joined(separator: "\n"),
                                      location: Location(file: module.file, line: start + 1, column: 1)))
            }
        }
        return out
    }
}
