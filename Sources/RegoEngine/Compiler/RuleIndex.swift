import RegoValue

/// An index over the rules of one node by the equalities their bodies test against `input`
/// (`input.path == "/a"`, `input.method = "GET"`): evaluation reads the input value once and
/// visits only the rules that can match it, plus those that do not test that reference. This
/// keeps 10,000 such rules about as cheap as 10.
struct RuleIndex: Sendable {
    /// The indexed reference below `input` (e.g. `["path"]`).
    let path: [Value]
    /// Rule positions by the constant they require.
    let byValue: [Value: [Int]]
    /// Rules that do not test the reference with a constant.
    let unconstrained: [Int]

    /// Only worth it for nodes with several rules.
    static let minimumRules = 8

    /// Builds an index on the reference tested by the most rules, or nil when none is common.
    init?(rules: [CompiledRule]) {
        guard rules.count >= RuleIndex.minimumRules else { return nil }
        var constraints: [[([Value], Value)]] = []
        var counts: [[Value]: Int] = [:]
        var distinct: [[Value]: Set<Value>] = [:]
        for rule in rules {
            let found = RuleIndex.equalities(rule.body)
            constraints.append(found)
            for p in Set(found.map(\.0)) { counts[p, default: 0] += 1 }
            for (p, v) in found { distinct[p, default: []].insert(v) }
        }
        // The most selective reference: the most distinct constants, then the most rules.
        let ranked = counts.filter { $0.value >= RuleIndex.minimumRules / 2 }.keys.max { a, b in
            let da = distinct[a]?.count ?? 0, db = distinct[b]?.count ?? 0
            return da != db ? da < db : (counts[a] ?? 0) < (counts[b] ?? 0)
        }
        guard let best = ranked, (distinct[best]?.count ?? 0) > 1 else { return nil }
        var byValue: [Value: [Int]] = [:]
        var unconstrained: [Int] = []
        for (i, found) in constraints.enumerated() {
            let values = found.filter { $0.0 == best }.map(\.1)
            if let v = values.first, values.allSatisfy({ $0 == v }) {
                byValue[v, default: []].append(i)
            } else if values.isEmpty {
                unconstrained.append(i)
            }
            // A rule demanding two different values can never match: leave it out.
        }
        path = best
        self.byValue = byValue
        self.unconstrained = unconstrained
    }

    /// Rule positions to evaluate, in source order, when the indexed input value is `value`
    /// (nil: undefined, so only unconstrained rules can match).
    func candidates(for value: Value?) -> [Int] {
        guard let value, let matching = byValue[value] else { return unconstrained }
        if unconstrained.isEmpty { return matching }
        return (matching + unconstrained).sorted()
    }

    /// `input.a.b == constant` tests among the positive, unmodified expressions of a body.
    static func equalities(_ body: CBody) -> [([Value], Value)] {
        var out: [([Value], Value)] = []
        for e in body where !e.negated && e.withs.isEmpty {
            var sides: (CTerm, CTerm)?
            switch e.kind {
            case .unify(let a, let b): sides = (a, b)
            case .term(.call(.builtin(let b), let args, _)) where b.name == "equal" && args.count == 2: sides = (args[0], args[1])
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
