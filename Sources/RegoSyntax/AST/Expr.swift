/// One expression (literal) of a rule body or query.
public struct Expr: Sendable {
    public var kind: Kind
    /// `not …`
    public var negated: Bool
    /// `… with input.x as y with data.p as z`
    public var withs: [With]
    public var location: Location

    public init(_ kind: Kind, negated: Bool = false, withs: [With] = [], location: Location) {
        self.kind = kind
        self.negated = negated
        self.withs = withs
        self.location = location
    }

    public enum Kind: Sendable {
        /// A term that must be defined and not `false` (a call, a reference, a value).
        case term(Term)
        /// `a = b` (unification).
        case unify(Term, Term)
        /// `a := b` (declares the variables of `a`).
        case assign(Term, Term)
        /// `some x, y` (declares variables local to the body).
        case some([Term])
        /// `some v in xs`, `some k, v in xs` (`key` nil for the one-variable form).
        case someIn(key: Term?, value: Term, collection: Term)
        /// `every v in xs { … }`, `every k, v in xs { … }`.
        case every(key: Term?, value: Term, domain: Term, body: Body)
    }
}

/// `with target as value`: target is a reference term (`input.x`, `data.p.q`, or a function name
/// such as `count` or `data.lib.f`, held as a `.ref` or `.variable` term).
public struct With: Sendable {
    public var target: Term
    public var value: Term
    public var location: Location

    public init(target: Term, value: Term, location: Location) {
        self.target = target
        self.value = value
        self.location = location
    }
}

/// A conjunction of expressions. An empty body is true.
public typealias Body = [Expr]
