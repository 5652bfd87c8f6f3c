import RegoSyntax
import RegoValue

/// Variable slots of one rule, function or query evaluation.
final class Frame {
    var slots: [Value?]
    init(size: Int) { slots = Array(repeating: nil, count: size) }
}

/// A node's memoized value in one evaluation.
enum NodeCache {
    case unknown
    /// Computed: the value, or nil when undefined.
    case known(Value?)
    /// A partial set iterated once as its rules produced its elements, never built: a second use
    /// builds it, so that iterating it again (or once per call of a function) costs no more than
    /// building it once.
    case iterated
}

/// A replacement installed by `with` for a function or builtin.
enum FunctionOverride {
    case value(Value)
    case target(CallTarget)
}

/// Evaluates compiled rules and queries for one request. Not shared between requests: each
/// evaluation creates its own, over an immutable `PolicySet`.
final class Evaluator {
    typealias Cont = () throws -> Bool
    typealias ValueCont = (Value) throws -> Bool

    let policy: PolicySet
    var input: Value?
    let strict: Bool
    let context: BuiltinContext
    /// Full values of rule-tree nodes computed in this evaluation, by node id.
    var cache: [NodeCache]
    /// Nodes whose value is being computed, by node id (recursion guard).
    var inProgress: [Bool]
    /// Values of references into `input` by constant keys met in this evaluation (`input.action`),
    /// by the identity of the reference's compiled path: the compiler shares one path per distinct
    /// reference, and a reference compared in a loop (`input.action == grant.action` over every
    /// grant) looks its keys up once. Reset while a `with` replaces `input`.
    var inputPaths = InputPathMemo()
    var dataOverrides: [(path: [Value], value: Value)] = []
    var functionOverrides: [String: FunctionOverride] = [:]
    var callDepth = 0
    var steps = 0
    /// Whether the solutions of the body being evaluated are gathered into a value where their
    /// order and repetition do not show: a complete rule's or a function's value, a set, an object.
    /// There a partial set is iterated as its rules produce its elements (`producedSet`), without
    /// building and sorting it first.
    var unordered = false
    /// The expression being evaluated, for errors raised inside iteration. Not retained (no
    /// reference counting per expression): compiled expressions live in the policy set or the
    /// prepared query, which outlive the evaluation; `evalWith` resets it after its temporary one.
    unowned(unsafe) var currentExpr: CExpr?
    var currentLocation: Location? { currentExpr?.location }
    let deadline: UInt64?

    static let maxCallDepth = 2_000
    static let maxCollectionSize = 10_000_000

    init(policy: PolicySet, input: Value?, strict: Bool, context: BuiltinContext, deadline: UInt64?) {
        self.policy = policy
        self.input = input
        self.strict = strict
        self.context = context
        self.deadline = deadline
        cache = Array(repeating: .unknown, count: policy.nodeCount)
        inProgress = Array(repeating: false, count: policy.nodeCount)
    }

    /// Counts work and enforces the deadline.
    @inline(__always)
    func tick(_ location: Location) throws {
        steps &+= 1
        if steps & 0xFFF == 0, let deadline, SystemClock.monotonicNanoseconds() > deadline {
            throw RegoError(code: RegoError.cancel, message: "timed out: evaluation exceeded its deadline", location: currentLocation)
        }
    }

    func conflict(_ message: String, _ location: Location) -> RegoError {
        RegoError(code: RegoError.evalConflict, message: message, location: location)
    }

    // MARK: - Bodies and expressions

    func evalBody(_ body: CBody, _ i: Int, _ f: Frame, _ k: Cont) throws -> Bool {
        if i == body.count { return try k() }
        return try evalExpr(body[i], f) { try self.evalBody(body, i + 1, f, k) }
    }

    func evalExpr(_ e: CExpr, _ f: Frame, _ k: Cont) throws -> Bool {
        try tick(e.location)
        currentExpr = e
        if !e.withs.isEmpty { return try evalWith(e, f, k) }
        if e.negated {
            var found = false
            _ = try evalPositive(e, f) { found = true; return false }
            return found ? true : try k()
        }
        return try evalPositive(e, f, k)
    }

    func evalPositive(_ e: CExpr, _ f: Frame, _ k: Cont) throws -> Bool {
        switch e.kind {
        case .term(let t):
            // A query's own reference or value expressions report their value, false included
            // (`data.authz.allow` answers false); calls and rule bodies keep truthiness.
            var captures = false
            if e.valueSlot != nil { if case .call = t {} else { captures = true } }
            return try evalTerm(t, f) { v in
                if !captures, case .bool(false) = v { return true }
                if let slot = e.valueSlot { f.slots[slot] = v }
                return try k()
            }
        case .unify(let a, let b):
            if let slot = e.valueSlot { f.slots[slot] = .bool(true) }
            return try unify(a, b, f, k)
        case .someIn(let key, let value, let collection):
            if let slot = e.valueSlot { f.slots[slot] = .bool(true) }
            if key == nil, unordered, case .data(let path) = collection, let node = producedSet(path) {
                return try forEachProduced(node) { v in try self.unifyValue(value, v, f, k) }
            }
            return try evalTerm(collection, f) { c in
                try self.forEachEntry(c) { kv, vv in
                    if let key {
                        return try self.unifyValue(key, kv, f) { try self.unifyValue(value, vv, f, k) }
                    }
                    return try self.unifyValue(value, vv, f, k)
                }
            }
        case .every(let key, let value, let domain, let body):
            if let slot = e.valueSlot { f.slots[slot] = .bool(true) }
            var holds = true
            var defined = false
            _ = try evalTerm(domain, f) { d in
                defined = true
                return try self.forEachEntry(d) { kv, vv in
                    var ok = false
                    let bind: Cont = { try self.unifyValue(value, vv, f) { try self.evalBody(body, 0, f) { ok = true; return false } } }
                    if let key { _ = try self.unifyValue(key, kv, f, bind) } else { _ = try bind() }
                    if !ok { holds = false }
                    return ok
                }
            }
            return defined && holds ? try k() : true
        case .noop:
            return try k()
        case .compare:
            return try evalComparison(e, f, k)
        }
    }

    /// `a == b`, `a < b`, … standing alone in a rule body: the operands are compared where they
    /// lie (a constant, a variable, a reference with constant keys), without a call.
    func evalComparison(_ e: CExpr, _ f: Frame, _ k: Cont) throws -> Bool {
        guard let test = e.comparison, functionOverrides.isEmpty else {
            // A `with` may replace the operator: evaluate it as the call it was written as.
            guard case .compare(let b, let lhs, let rhs) = e.kind else { return true }
            return try evalTerm(.call(.builtin(b), [lhs, rhs], e.location), f) { v in
                if case .bool(false) = v { return true }
                return try k()
            }
        }
        switch (directValue(e.lhs, f), directValue(e.rhs, f)) {
        case (.value(let x), .value(let y)): return test.holds(Value.compare(x, y)) ? try k() : true
        case (.undefined, _), (.value, .undefined): return true
        default:
            // Operands with several values: each pair, left to right.
            return try evalTerm(e.lhs, f) { x in
                try self.evalTerm(e.rhs, f) { y in test.holds(Value.compare(x, y)) ? try k() : true }
            }
        }
    }

    /// Sets `unordered` to `value` and returns what it was, for the caller to restore with `defer`
    /// when the body whose solutions it gathers is done.
    @inline(__always)
    func gather(unordered value: Bool) -> Bool {
        defer { unordered = value }
        return unordered
    }

    /// The partial set rule at the constant path `path` below `data`, when its elements may be
    /// taken as its rules produce them: the solutions are gathered `unordered`, no rule prints (so
    /// what is printed comes a line per element, in order, as from the built set), no `with` is in
    /// force, and the set has been neither built nor iterated in this evaluation yet (the first use
    /// only: after that, building it once is cheaper than producing it again).
    func producedSet(_ path: [CTerm]) -> RuleNode? {
        guard !policy.prints, dataOverrides.isEmpty, functionOverrides.isEmpty else { return nil }
        var node = policy.root
        for term in path {
            guard case .value(.string(let name)) = term, let child = node.children[name] else { return nil }
            node = child
        }
        guard node.hasRules, !node.isFunction, node.children.isEmpty, case .partialSet? = node.rules.first?.kind,
              case .unknown = cache[node.id], !inProgress[node.id] else { return nil }
        cache[node.id] = .iterated
        return node
    }

    /// Calls `k` with each element a partial set's rules produce, in the rules' order, an element
    /// produced twice given twice: where solutions are gathered `unordered`, that gives the same
    /// value as iterating the built set.
    func forEachProduced(_ node: RuleNode, _ k: ValueCont) throws -> Bool {
        for rule in candidateRules(node) {
            guard try evalRule(rule, Frame(size: rule.frameSize), k) else { return false }
        }
        return true
    }

    /// Calls `body` with each key/value of a collection (set elements are their own keys).
    func forEachEntry(_ c: Value, _ body: (Value, Value) throws -> Bool) throws -> Bool {
        switch c {
        case .array(let a):
            for i in a.indices {
                try tick(.unknown)
                if try !body(.int(i), a[i]) { return false }
            }
        case .set(let s):
            for v in s {
                try tick(.unknown)
                if try !body(v, v) { return false }
            }
        case .object(let o):
            for i in 0..<o.count {
                try tick(.unknown)
                if try !body(o.keys[i], o.values[i]) { return false }
            }
        default:
            break
        }
        return true
    }
}

/// A few values of constant-key references into `input`, by the address of each reference's
/// compiled path (which the policy set or prepared query keeps alive for the whole evaluation).
struct InputPathMemo {
    private var paths: [UnsafeRawPointer] = []
    private var values: [Value?] = []
    /// Enough for the references of a typical policy; past it, lookups are simply not kept.
    static let capacity = 16

    /// The value `path` was found to have (nil inside when undefined); nil when not kept.
    func value(of path: UnsafeRawPointer) -> Value?? {
        for i in paths.indices where paths[i] == path { return values[i] }
        return nil
    }

    mutating func keep(_ value: Value?, of path: UnsafeRawPointer) {
        guard paths.count < InputPathMemo.capacity else { return }
        paths.append(path)
        values.append(value)
    }
}
