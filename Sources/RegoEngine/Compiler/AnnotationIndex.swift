import RegoSyntax
import RegoValue

/// The `# METADATA` annotations of the modules being compiled, by what they annotate, as
/// `rego.metadata.rule()` and `rego.metadata.chain()` give them. The compiler replaces those calls
/// by their values: they depend only on the rule they are in.
///
/// An annotation on a rule has `scope: rule` unless it says `document` (every rule of that name in
/// the package); one on a package has `scope: package` unless it says `subpackages` (the package and
/// every package below it).
struct AnnotationIndex: Sendable {
    struct RuleKey: Hashable, Sendable {
        var module: Int
        var rule: Int
    }

    private var rules: [RuleKey: Value] = [:]
    private var documents: [[String]: Value] = [:]
    private var packages: [[String]: Value] = [:]
    private var subpackages: [[String]: Value] = [:]
    private(set) var errors: [RegoError] = []

    static let keys = ["authors", "custom", "description", "entrypoint", "organizations", "related_resources", "schemas", "scope", "title"]

    init(modules: [Module]) {
        for (moduleIndex, module) in modules.enumerated() {
            for annotation in module.annotations {
                guard let value = normalized(annotation) else { continue }
                let scope = value[.string("scope")]?.stringValue
                switch annotation.target {
                case .package:
                    if scope == "subpackages" { subpackages[module.package] = value } else { packages[module.package] = value }
                case .rule(let ruleIndex):
                    if scope == "document" {
                        documents[module.package + Self.headNames(module.rules[ruleIndex])] = value
                    } else {
                        rules[RuleKey(module: moduleIndex, rule: ruleIndex)] = value
                    }
                }
            }
        }
    }

    /// The names of a rule's head up to its first key known only at evaluation.
    static func headNames(_ rule: Rule) -> [String] {
        var names: [String] = []
        for (i, part) in rule.ref.enumerated() {
            if i == 0, case .variable(let name) = part.kind { names.append(name); continue }
            guard case .scalar(.string(let s)) = part.kind else { break }
            names.append(s)
        }
        return names
    }

    /// `rego.metadata.rule()` in the rule `key` of `module`: its rule-scope annotations, or `{}`.
    func ruleValue(_ key: RuleKey) -> Value {
        rules[key] ?? .emptyObject
    }

    /// `rego.metadata.chain()` in the rule `key`: the rule's path with its annotations, then the
    /// document's, the package's, and the `subpackages` ones of the package and those above it.
    func chain(_ key: RuleKey, module: Module) -> Value {
        let rulePath = module.package + Self.headNames(module.rules[key.rule])
        func entry(_ path: [String], _ annotations: Value?) -> Value {
            var object = RegoObject()
            object[.string("path")] = .array(path.map(Value.string))
            if let annotations { object[.string("annotations")] = annotations }
            return .object(object)
        }
        var out = [entry(rulePath, rules[key])]
        if let document = documents[rulePath] { out.append(entry(rulePath, document)) }
        if let package = packages[module.package] { out.append(entry(module.package, package)) }
        for length in stride(from: module.package.count, through: 1, by: -1) {
            let path = Array(module.package.prefix(length))
            if let value = subpackages[path] { out.append(entry(path, value)) }
        }
        return .array(out)
    }

    /// The annotation's YAML as an object with its scope, authors as `{name, email}` and related
    /// resources as `{ref, description}`; nil (with an error) when it cannot be read.
    private mutating func normalized(_ annotation: Annotation) -> Value? {
        func fail(_ message: String) -> Value? {
            errors.append(RegoError(code: RegoError.parse, message: "annotation: \(message)", location: annotation.location))
            return nil
        }
        let parsed: Value
        do { parsed = try YAMLConversion.parse(annotation.yaml) } catch { return fail("its YAML cannot be read: \(error.message)") }
        if case .null = parsed { return fail("the block is empty: write keys such as `title:` or `description:` under `# METADATA`") }
        guard case .object(let fields) = parsed else { return fail("it must be a YAML mapping of keys such as `title:`") }
        var out = RegoObject()
        for (key, value) in zip(fields.keys, fields.values) {
            guard case .string(let name) = key, Self.keys.contains(name) else {
                return fail("unknown key \(key.regoText) (use \(Self.keys.joined(separator: ", ")))")
            }
            switch name {
            case "authors":
                guard case .array(let items) = value else { return fail("`authors` must be a list") }
                out[key] = .array(items.map { item in
                    guard case .string(let text) = item else { return item }
                    return Self.author(text)
                })
            case "related_resources":
                guard case .array(let items) = value else { return fail("`related_resources` must be a list") }
                out[key] = .array(items.map { item in
                    guard case .string(let ref) = item else { return item }
                    return .object(RegoObject([(.string("ref"), .string(ref))]))
                })
            case "scope":
                let allowed = annotation.target == .package ? ["package", "subpackages"] : ["rule", "document"]
                guard case .string(let scope) = value, allowed.contains(scope) else {
                    return fail("`scope` must be \(allowed.joined(separator: " or ")) here but is \(value.regoText)")
                }
                out[key] = value
            default:
                out[key] = value
            }
        }
        if out[.string("scope")] == nil { out[.string("scope")] = .string(annotation.target == .package ? "package" : "rule") }
        return .object(out)
    }

    /// `Name <email>` as `{"name", "email"}`; a name alone as `{"name"}`.
    static func author(_ text: String) -> Value {
        var object = RegoObject()
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            let name = text[..<open].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { object[.string("name")] = .string(name) }
            object[.string("email")] = .string(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
        } else {
            object[.string("name")] = .string(text.trimmingCharacters(in: .whitespaces))
        }
        return .object(object)
    }
}
