import RegoSyntax
import RegoValue

/// A term after compilation: variables are frame slots, names are resolved to `data`, `input`,
/// builtins or user functions.
indirect enum CTerm: Sendable {
    /// A ground constant.
    case value(Value)
    /// A variable in the current frame.
    case local(Int)
    /// The `input` document.
    case input
    /// `data.a.b[x]`: path elements after `data` (static parts are `.value(.string)`).
    case data([CTerm])
    /// `head[a][b]` on any other term.
    case ref(CTerm, [CTerm])
    case call(CallTarget, [CTerm], Location)
    case array([CTerm])
    case object([(CTerm, CTerm)])
    case set([CTerm])
    case arrayComprehension(CTerm, CBody)
    case setComprehension(CTerm, CBody)
    case objectComprehension(CTerm, CTerm, CBody)

    /// The value of a rule without one (`allow if …`): one term shared by all such rules.
    static let `true` = CTerm.value(.bool(true))

    /// The location of a call term (`.unknown` for other terms).
    var callLocation: Location {
        if case .call(_, _, let location) = self { return location }
        return .unknown
    }

    var groundValue: Value? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// What a call invokes.
enum CallTarget: Sendable {
    case builtin(Builtin)
    /// A user function at `data.<path>`.
    case function([String])
    /// `print(…)`: any number of operands, undefined ones print as `<undefined>`.
    case print
    /// `walk(x)` enumerates `[path, value]` pairs.
    case walk
    /// `x in xs` (2 operands) or `k, v in xs` (3 operands).
    case member(Int)

    var name: String {
        switch self {
        case .builtin(let b): b.name
        case .function(let path): "data." + path.joined(separator: ".")
        case .print: "print"
        case .walk: "walk"
        case .member(let n): "internal.member_\(n)"
        }
    }
}

/// A compiled body expression.
///
/// A class so that evaluation passes expressions by reference (a struct copy retained every
/// field). `valueSlot` is set while a query is compiled and never changed afterwards.
final class CExpr: @unchecked Sendable {
    enum Kind: Sendable {
        case term(CTerm)
        case unify(CTerm, CTerm)
        case someIn(key: CTerm?, value: CTerm, collection: CTerm)
        case every(key: CTerm?, value: CTerm, domain: CTerm, body: CBody)
        /// A `some x` declaration: always true, binds nothing.
        case noop
        /// `a == b`, `a < b`, … standing alone in a rule body: the comparison without a call term
        /// and argument list (about 150 bytes less per comparison, no call dispatch). Only rule
        /// bodies have it (`BodyContext.compileBody`); queries keep the call, whose value they report.
        case compare(Builtin, CTerm, CTerm)
    }

    let kind: Kind
    let negated: Bool
    let withs: [CWith]
    let location: Location
    /// For query expressions: the slot that receives the expression's value (for `opa eval` output).
    var valueSlot: Int?
    /// A `.compare`'s test and operands, also kept in fields of their own: read from a class's
    /// constant fields, they are lent to the evaluator, where taking them out of `kind` retained
    /// and released each one (shared between request threads, so every comparison wrote to their
    /// reference counts from both cores).
    let comparison: ComparisonTest?
    /// The operands of a `.compare` (`CTerm.true` for other kinds).
    let lhs: CTerm
    let rhs: CTerm

    init(kind: Kind, negated: Bool, withs: [CWith], location: Location, valueSlot: Int?) {
        self.kind = kind
        self.negated = negated
        self.withs = withs
        self.location = location
        self.valueSlot = valueSlot
        if case .compare(let b, let lhs, let rhs) = kind {
            (comparison, self.lhs, self.rhs) = (b.comparison, lhs, rhs)
        } else {
            (comparison, lhs, rhs) = (nil, .true, .true)
        }
    }
}

typealias CBody = [CExpr]

/// A compiled `with` modifier.
struct CWith: Sendable {
    enum Target: Sendable {
        /// `input` or `input.a.b`
        case input([Value])
        /// `data.a.b`
        case data([Value])
        /// A builtin (`count`) or user function (`data.lib.f`) replaced by another function or value.
        case function(String)
    }

    var target: Target
    var value: CTerm
    /// When the replacement names a function (`with count as my_count`), what to call instead.
    var replacement: CallTarget?
    var location: Location
}

/// A rule after compilation. A class (all fields constant) so that evaluation holds one
/// reference per rule rather than copying every field.
final class CompiledRule: Sendable {
    enum Kind: Sendable {
        case complete
        case partialSet
        /// `p[k1][k2] := v`: the dynamic key terms below the rule's node.
        case partialObject([CTerm])
        /// `p[k1][k2] contains v`: an object whose leaves are sets.
        case partialSetObject([CTerm])
        case function([CTerm])
    }

    let kind: Kind
    let value: CTerm
    let body: CBody
    let elses: [(value: CTerm, body: CBody)]
    let frameSize: Int
    let isDefault: Bool
    let location: Location
    /// Whether the head value is a constant, so one solution of the body decides the rule.
    let constantValue: Bool
    /// Whether the rule calls `print`.
    let prints: Bool

    init(kind: Kind, value: CTerm, body: CBody, elses: [(value: CTerm, body: CBody)], frameSize: Int,
         isDefault: Bool, location: Location, constantValue: Bool, prints: Bool = false) {
        self.kind = kind
        self.value = value
        self.body = body
        self.elses = elses
        self.frameSize = frameSize
        self.isDefault = isDefault
        self.location = location
        self.constantValue = constantValue
        self.prints = prints
    }
}
