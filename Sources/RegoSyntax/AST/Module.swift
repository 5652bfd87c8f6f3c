/// One parsed policy file.
public struct Module: Sendable {
    /// `package a.b.c` → `["a", "b", "c"]` (bracketed string parts included as plain strings).
    public var package: [String]
    public var packageLocation: Location
    public var imports: [Import]
    public var rules: [Rule]
    /// The file name given to the parser, used in every `Location`.
    public var file: String
    /// Its `# METADATA` blocks, in source order.
    public var annotations: [Annotation] = []

    public init(package: [String], packageLocation: Location, imports: [Import], rules: [Rule], file: String) {
        self.package = package
        self.packageLocation = packageLocation
        self.imports = imports
        self.rules = rules
        self.file = file
    }
}

/// `import data.a.b as c`, `import input.x`, `import rego.v1`, `import future.keywords.in`.
public struct Import: Sendable {
    /// The imported reference, e.g. `["data", "a", "b"]`.
    public var path: [String]
    public var alias: String?
    public var location: Location

    public init(path: [String], alias: String?, location: Location) {
        self.path = path
        self.alias = alias
        self.location = location
    }
}

/// A rule: complete (`p := v`), partial set (`p contains x`), partial object / multi-level ref
/// head (`p[k] := v`, `a.b[x].c := v`), or function (`f(x) := y`).
public struct Rule: Sendable {
    public enum Kind: Sendable {
        /// `p := v`, `p = v`, `p if …`, `p[k] := v`, `a.b.c := v` (value true when omitted).
        case complete
        /// `p contains x`, `a.b contains x` (the element is `value`).
        case partialSet
        /// `f(args) := v` (value true when omitted).
        case function(args: [Term])
    }

    public var kind: Kind
    /// The head reference: first element is `.variable(name)`, then `.scalar(.string)` for each
    /// dotted part and the bracketed term for each `[...]` part.
    public var ref: [Term]
    /// The value term (`:=`/`=` right side, or the `contains` element). Nil when omitted (true).
    public var value: Term?
    /// Whether the head used `:=` (so a later `=` misuse can be reported).
    public var isAssignment: Bool
    public var isDefault: Bool
    /// The body after `if` (or the braces); empty means always true.
    public var body: Body
    /// `else` clauses in order.
    public var elses: [Else]
    public var location: Location

    public init(kind: Kind, ref: [Term], value: Term?, isAssignment: Bool, isDefault: Bool, body: Body, elses: [Else], location: Location) {
        self.kind = kind
        self.ref = ref
        self.value = value
        self.isAssignment = isAssignment
        self.isDefault = isDefault
        self.body = body
        self.elses = elses
        self.location = location
    }
}

/// `else := v if { … }`, `else = v { … }`, `else { … }` (value true when omitted).
public struct Else: Sendable {
    public var value: Term?
    public var body: Body
    public var location: Location

    public init(value: Term?, body: Body, location: Location) {
        self.value = value
        self.body = body
        self.location = location
    }
}
