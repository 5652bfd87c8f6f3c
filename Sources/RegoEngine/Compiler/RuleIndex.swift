import RegoValue

/// An index over the rules of one node by the equalities their bodies test against `input`
/// (`input.path == "/a"`, `input.method = "GET"`): evaluation reads the input value once and
/// visits only the rules that can match it, plus those that do not test that reference. This
/// keeps 10,000 such rules about as cheap as 10.
struct RuleIndex: Sendable {
    /// The indexed reference below `input` (e.g. `["path"]`).
    let path: [Value]
    /// Each constant's number: its group of rules is `groups[number]`.
    let byValue: ConstantTable
    /// Where the rules requiring each constant are in `positions` (one allocation for the whole
    /// index rather than one array per constant: a node of 10,000 rules has 10,000 constants).
    let groups: [(start: Int32, count: Int32)]
    /// Rule positions grouped by the constant they require, each group in source order.
    let positions: [Int]
    /// Rules that do not test the reference with a constant.
    let unconstrained: [Int]

    /// Only worth it for nodes with several rules.
    static let minimumRules = 8

    /// The tests of a run of consecutive rules, gathered by the thread that compiled them while
    /// their terms are in its core's cache. Joined in order, the parts of a node make its index;
    /// read from one thread after compiling, the rules' terms were a sixth of a large policy's
    /// compile time, with the other core idle.
    ///
    /// Each constant is hashed once per part: every reference numbers its distinct constants as
    /// they are met, and the chosen reference's numbering groups the rules, so no array is made
    /// per constant.
    struct Part {
        /// References met, numbered in order.
        var paths: [[Value]] = []
        var ids: [[Value]: Int] = [:]
        /// Per reference, how many of the part's rules test it.
        var counts: [Int] = []
        /// Per reference, its distinct constants numbered in the order they were met.
        var constants: [ConstantTable] = []
        /// Every rule's (reference, constant number) pairs, rule after rule; rule `i`'s are
        /// `tests[ends[i - 1]..<ends[i]]`.
        var tests: [(path: Int, constant: Int32)] = []
        var ends: [Int] = []
        private var last = -1

        init(rules: Int = 0) {
            tests.reserveCapacity(2 * rules)
            ends.reserveCapacity(rules)
        }

        var ruleCount: Int { ends.count }

        /// Adds the next rule's tests.
        mutating func add(_ body: CBody) {
            let start = tests.count
            RuleIndex.forEachEquality(body) { reference, v in
                let id: Int
                if last >= 0, RuleIndex.reference(reference, is: paths[last]) {
                    id = last
                } else if paths.count <= 4, let known = paths.firstIndex(where: { RuleIndex.reference(reference, is: $0) }) {
                    // Rules of one node mostly test the same two or three references: comparing
                    // with each is cheaper than hashing the reference.
                    id = known
                } else {
                    // Every key is a constant (`forEachEquality` passes no other reference).
                    let p = reference.compactMap { term -> Value? in if case .value(let key) = term { key } else { nil } }
                    id = number(p)
                }
                last = id
                // A reference counts once per rule, however often the rule tests it.
                if !tests[start...].contains(where: { $0.path == id }) { counts[id] += 1 }
                tests.append((id, constants[id].number(v).number))
            }
            ends.append(tests.count)
        }

        /// The number of reference `path`, numbering it when new.
        mutating func number(_ path: [Value]) -> Int {
            if let known = ids[path] { return known }
            ids[path] = paths.count
            paths.append(path)
            counts.append(0)
            constants.append(ConstantTable())
            return paths.count - 1
        }

        /// Appends `other`'s rules after this part's: its references and constants take this
        /// part's numbers, new ones numbered in the order `other`'s rules first test them, as one
        /// part over all the rules would have (each of its distinct constants hashed once more).
        mutating func append(_ other: Part) {
            let pathIDs = other.paths.map { number($0) }
            var renumbered: [[Int32]] = []
            for (local, table) in other.constants.enumerated() {
                let id = pathIDs[local]
                counts[id] += other.counts[local]
                constants[id].reserveCapacity(constants[id].count + table.count)
                renumbered.append([Int32](repeating: -1, count: table.count))
            }
            let offset = tests.count
            tests.reserveCapacity(tests.count + other.tests.count)
            for test in other.tests {
                let constant = Int(test.constant)
                if renumbered[test.path][constant] < 0 {
                    let id = pathIDs[test.path]
                    renumbered[test.path][constant] = constants[id].number(other.constants[test.path].values[constant]).number
                }
                tests.append((pathIDs[test.path], renumbered[test.path][constant]))
            }
            ends.append(contentsOf: other.ends.lazy.map { $0 + offset })
            last = -1
        }
    }

    /// Builds an index on the reference tested by the most rules, or nil when none is common. The
    /// parts' rules, in order, are the node's rules.
    init?(parts: consuming [Part]) {
        var parts = consume parts
        guard !parts.isEmpty else { return nil }
        // Taken out of the array, the first part is the only holder of its tables, so appending
        // the others grows them in place.
        var whole = parts.removeFirst()
        for part in parts { whole.append(part) }
        guard whole.ruleCount >= RuleIndex.minimumRules else { return nil }
        let (paths, counts, constants, tests, ends) = (whole.paths, whole.counts, whole.constants, whole.tests, whole.ends)
        // The most selective reference: the most distinct constants, then the most rules.
        let ranked = paths.indices.filter { counts[$0] >= RuleIndex.minimumRules / 2 }.max { a, b in
            constants[a].count != constants[b].count ? constants[a].count < constants[b].count : counts[a] < counts[b]
        }
        guard let best = ranked, constants[best].count > 1 else { return nil }
        // Each rule's group: the constant it demands of `best`, -1 for none, -2 for two different
        // ones (it can never match: it is left out).
        var groupOf = [Int32](repeating: -1, count: whole.ruleCount)
        var sizes = [Int32](repeating: 0, count: constants[best].count)
        var unconstrained: [Int] = []
        for i in 0..<whole.ruleCount {
            for constraint in tests[(i == 0 ? 0 : ends[i - 1])..<ends[i]] where constraint.path == best {
                groupOf[i] = groupOf[i] == -1 || groupOf[i] == constraint.constant ? constraint.constant : -2
            }
            if groupOf[i] >= 0 { sizes[Int(groupOf[i])] += 1 } else if groupOf[i] == -1 { unconstrained.append(i) }
        }
        // Groups lie in `positions` in constant order, each in source order.
        var starts = [Int32](repeating: 0, count: sizes.count)
        var total: Int32 = 0
        for (g, size) in sizes.enumerated() {
            starts[g] = total
            total += size
        }
        var positions = [Int](repeating: 0, count: Int(total))
        var filled = starts
        for (i, group) in groupOf.enumerated() where group >= 0 {
            positions[Int(filled[Int(group)])] = i
            filled[Int(group)] += 1
        }
        path = paths[best]
        // The table itself, numbers and all: no constant is hashed, copied or even read again.
        byValue = constants[best]
        groups = zip(starts, sizes).map { (start: $0, count: $1) }
        self.positions = positions
        self.unconstrained = unconstrained
    }

    /// Rule positions to evaluate, in source order, when the indexed input value is `value`
    /// (nil: undefined, so only unconstrained rules can match).
    func candidates(for value: Value?) -> ArraySlice<Int> {
        guard let value, let number = byValue.number(of: value) else { return unconstrained[...] }
        let group = groups[Int(number)]
        let matching = positions[Int(group.start)..<Int(group.start + group.count)]
        if unconstrained.isEmpty { return matching }
        return (matching + unconstrained).sorted()[...]
    }

    /// Calls `body` with the path below `input` (constant keys only) and the constant of each
    /// `input.a.b == constant` test among the positive, unmodified expressions of a rule body.
    static func forEachEquality(_ rule: CBody, _ body: ([CTerm], Value) -> Void) {
        for e in rule where !e.negated && e.withs.isEmpty {
            var sides: (CTerm, CTerm)?
            switch e.kind {
            case .unify(let a, let b): sides = (a, b)
            case .term(.call(.builtin(let b), let args, _)) where b.name == "equal" && args.count == 2: sides = (args[0], args[1])
            case .compare(let b, let lhs, let rhs) where b.name == "equal": sides = (lhs, rhs)
            default: break
            }
            guard let (a, b) = sides else { continue }
            if let p = inputPath(a), let v = b.groundValue { body(p, v) } else if let p = inputPath(b), let v = a.groundValue { body(p, v) }
        }
    }

    /// The keys of `input.a.b` when they are all constants.
    static func inputPath(_ t: CTerm) -> [CTerm]? {
        guard case .ref(.input, let path) = t, !path.isEmpty else { return nil }
        for p in path {
            guard case .value = p else { return nil }
        }
        return path
    }

    /// Whether the constant keys `reference` spell `path`.
    static func reference(_ reference: [CTerm], is path: [Value]) -> Bool {
        guard reference.count == path.count else { return false }
        for (term, key) in zip(reference, path) {
            guard case .value(let v) = term, v == key else { return false }
        }
        return true
    }
}
