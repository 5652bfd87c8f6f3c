import RegoValue

/// A term of Rego source: a value, a variable, a reference, a call, a composite or a comprehension.
public struct Term: Sendable {
    public var kind: Kind
    public var location: Location

    public init(_ kind: Kind, _ location: Location) {
        self.kind = kind
        self.location = location
    }

    /// Only the cases that hold a `Term` itself are boxed (`indirect`): a scalar, variable, call
    /// or collection term sits in place, so parsing allocates, and later frees, no box for it.
    public enum Kind: Sendable {
        /// null, true/false, a number or a string (raw strings included).
        case scalar(Value)
        /// A variable; `_` is the wildcard (the parser renames each `_` to a fresh `$_N` name).
        /// `input` and `data` are variables too, usually as the head of a reference.
        case variable(String)
        /// `head.a[b][c]`: the head is a variable (or, rarely, a composite/call term); each path
        /// element is a term: `.a` becomes `.scalar(.string("a"))`, `[x]` the term `x`.
        indirect case ref(head: Term, path: [Term])
        /// `f(a, b)`, `count(x)`, `data.pkg.f(x)`, `object.get(o, k, d)`; infix operators are calls
        /// too (see `Operator`): `a + b` is `.call(name: "plus", …)`. `name` is the dotted name as
        /// written (`"data.pkg.f"`, `"object.get"`, `"f"`).
        case call(name: String, args: [Term])
        case array([Term])
        case object([(key: Term, value: Term)])
        /// A set literal; the empty set `set()` is parsed as `.set([])`.
        case set([Term])
        indirect case arrayComprehension(head: Term, body: Body)
        indirect case setComprehension(head: Term, body: Body)
        indirect case objectComprehension(key: Term, value: Term, body: Body)
    }
}

/// Names of the builtins that `in` desugars to (OPA's names); the parser's `infixOperator` names
/// those of the other infix operators.
public enum Operator {
    /// `x in xs` → `internal.member_2(x, xs)`; `k, v in xs` → `internal.member_3(k, v, xs)`.
    public static let member2 = "internal.member_2"
    public static let member3 = "internal.member_3"
}
