import RegoValue

/// An index over the rules of one node by the equalities their bodies test against `input`
/// (`input.path == "/a"`, `input.method = "GET"`): evaluation reads the input value once and
/// visits only the rules that can match it, plus those that do not test that reference. This
/// keeps 10,000 such rules about as cheap as 10.
struct RuleIndex: Sendable {
    /// The indexed reference below `input` (e.g. `["path"]`).
    let path: [Value]
    /// Where the rules requiring each constant are in `positions` (one allocation for the whole
    /// index rather than one array per constant: a node of 10,000 rules has 10,000 constants).
    let byValue: [Value: (start: Int32, count: Int32)]
    /// Rule positions grouped by the constant they require, each group in source order.
    let positions: [Int]
    /// Rules that do not test the reference with a constant.
    let unconstrained: [Int]

    /// Only worth it for nodes with several rules.
    static let minimumRules = 8

    /// Builds an index on the reference tested by the most rules, or nil when none is common.
    init?(rules: [CompiledRule]) {
        guard rules.count >= RuleIndex.minimumRules else { return nil }
        // References are numbered as they are met; rules of one node mostly test the same few, so
        // the last one met is compared before any hashing.
        var paths: [[Value]] = []
        var ids: [[Value]: Int] = [:]
        var counts: [Int] = []
        var distinct: [Set<Value>] = []
        var constraints: [[(path: Int, value: Value)]] = []
        constraints.reserveCapacity(rules.count)
        var last = -1
        for rule in rules {
            var found: [(path: Int, value: Value)] = []
            for (p, v) in RuleIndex.equalities(rule.body) {
                let id: Int
                if last >= 0, paths[last] == p {
                    id = last
                } else if let known = ids[p] {
                    id = known
                } else {
                    id = paths.count
                    ids[p] = id
                    paths.append(p)
                    counts.append(0)
                    distinct.append([])
                }
                last = id
                // A reference counts once per rule, however often the rule tests it.
                if !found.contains(where: { $0.path == id }) { counts[id] += 1 }
                distinct[id].insert(v)
                found.append((id, v))
            }
            constraints.append(found)
        }
        // The most selective reference: the most distinct constants, then the most rules.
        let ranked = paths.indices.filter { counts[$0] >= RuleIndex.minimumRules / 2 }.max { a, b in
            distinct[a].count != distinct[b].count ? distinct[a].count < distinct[b].count : counts[a] < counts[b]
        }
        guard let best = ranked, distinct[best].count > 1 else { return nil }
        var groups: [Value: [Int]] = [:]
        var unconstrained: [Int] = []
        for (i, found) in constraints.enumerated() {
            var value: Value?
            var conflicting = false
            for constraint in found where constraint.path == best {
                if let v = value, v != constraint.value { conflicting = true }
                value = constraint.value
            }
            if let value, !conflicting {
                groups[value, default: []].append(i)
            } else if value == nil {
                unconstrained.append(i)
            }
            // A rule demanding two different values can never match: leave it out.
        }
        var byValue: [Value: (start: Int32, count: Int32)] = [:]
        byValue.reserveCapacity(groups.count)
        var positions: [Int] = []
        positions.reserveCapacity(rules.count)
        for (value, group) in groups {
            byValue[value] = (Int32(positions.count), Int32(group.count))
            positions += group
        }
        path = paths[best]
        self.byValue = byValue
        self.positions = positions
        self.unconstrained = unconstrained
    }

    /// Rule positions to evaluate, in source order, when the indexed input value is `value`
    /// (nil: undefined, so only unconstrained rules can match).
    func candidates(for value: Value?) -> ArraySlice<Int> {
        guard let value, let group = byValue[value] else { return unconstrained[...] }
        let matching = positions[Int(group.start)..<Int(group.start + group.count)]
        if unconstrained.isEmpty { return matching }
        return (matching + unconstrained).sorted()[...]
    }

    /// `input.a.b == constant` tests among the positive, unmodified expressions of a body.
    static func equalities(_ body: CBody) -> [([Value], Value)] {
        var out: [([Value], Value)] = []
        for e in body where !e.negated && e.withs.isEmpty {
            var sides: (CTerm, CTerm)?
            switch e.kind {
            case .unify(let a, let b): sides = (a, b)
            case .term(.call(.builtin(let b), let args, _)) where b.name == "equal" && args.count == 2: sides = (args[0], args[1])
            case .compare(let b, let lhs, let rhs) where b.name == "equal": sides = (lhs, rhs)
            default: break
            }
            guard let (a, b) = sides else { continue }
            if let p = inputPath(a), let v = b.groundValue { out.append((p, v)) } else if let p = inputPath(b), let v = a.groundValue { out.append((p, v)) }
        }
        return out
    }

    static func inputPath(_ t: CTerm) -> [Value]? {
        guard case .ref(.input, let path) = t, !path.isEmpty else { return nil }
        var out: [Value] = []
        for p in path {
            guard case .value(let v) = p else { return nil }
            out.append(v)
        }
        return out
    }
}
