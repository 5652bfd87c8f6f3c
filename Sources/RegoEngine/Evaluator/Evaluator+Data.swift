import RegoSyntax
import RegoValue

extension Evaluator {
    /// Evaluates `data.<path>`: base documents merged with the virtual documents rules define.
    func evalData(_ path: [CTerm], _ f: Frame, _ k: ValueCont) throws -> Bool {
        if !dataOverrides.isEmpty {
            for (prefix, value) in dataOverrides.reversed() where prefix.count <= path.count {
                var matches = true
                for j in 0..<prefix.count {
                    var element: Value?
                    switch path[j] {
                    case .value(let v): element = v
                    case .local(let s): element = f.slots[s]
                    default: element = nil
                    }
                    if element != prefix[j] { matches = false; break }
                }
                if matches { return try evalPath(value, path, prefix.count, f, k) }
            }
        }
        return try evalNode(policy.root, path, 0, f, k)
    }

    func evalNode(_ node: RuleNode, _ path: [CTerm], _ i: Int, _ f: Frame, _ k: ValueCont) throws -> Bool {
        if node.hasRules {
            if node.isFunction { return true }
            let targeted = i < path.count && !isPattern(path[i], f) && !overridesBelow(node)
            switch node.rules.first?.kind ?? node.defaultRule?.kind {
            case .partialSet?:
                if targeted {
                    return try evalTerm(path[i], f) { key in
                        guard try self.setContains(node, key) else { return true }
                        return try self.evalPath(key, path, i + 1, f, k)
                    }
                }
            case .partialObject?:
                if targeted, node.children.isEmpty, node.rules.allSatisfy({ if case .partialObject(let keys) = $0.kind { return keys.count == 1 }; return false }) {
                    return try evalTerm(path[i], f) { key in
                        guard let v = try self.objectLookup(node, key) else { return true }
                        return try self.evalPath(v, path, i + 1, f, k)
                    }
                }
            default:
                break
            }
            guard let v = try nodeValue(node) else { return true }
            return try evalPath(v, path, i, f, k)
        }
        if i == path.count {
            guard let v = try nodeValue(node) else { return true }
            return try k(v)
        }
        if isPattern(path[i], f) {
            guard let v = try nodeValue(node) else { return true }
            return try evalPath(v, path, i, f, k)
        }
        return try evalTerm(path[i], f) { key in
            if case .string(let s) = key, let child = node.children[s] {
                return try self.evalNode(child, path, i + 1, f, k)
            }
            // Base documents come from JSON, whose keys are strings: data[2] reads key "2".
            guard let base = self.baseData(node.path),
                  var v = base[key] ?? (key.numberValue != nil ? base[.string(key.jsonText)] : nil) else { return true }
            if !self.dataOverrides.isEmpty { v = self.overlay(v, at: node.path.map { .string($0) } + [key]) }
            return try self.evalBasePath(v, path, i + 1, f, k)
        }
    }

    /// `evalPath` into a base document: its objects come from JSON, so their keys are strings, and
    /// a number key reads the string key of its text (`data.nested[2]` reads `"2"`) where the
    /// object has no such number key, for every known key into objects until the first one that
    /// iterates or reaches another kind of value (which `evalPath` takes from there).
    func evalBasePath(_ value: Value, _ path: [CTerm], _ i: Int, _ f: Frame, _ k: ValueCont) throws -> Bool {
        var (value, i) = (value, i)
        while i < path.count {
            let key: Value
            switch path[i] {
            case .value(let v): key = v
            case .local(let slot):
                guard let bound = f.slots[slot] else { return try evalPath(value, path, i, f, k) }
                key = bound
            default: return try evalPath(value, path, i, f, k)
            }
            guard case .object(let object) = value else { break }
            if let next = object[key] {
                value = next
            } else if key.numberValue != nil, let next = object[.string(key.jsonText)] {
                value = next
            } else {
                return true
            }
            i += 1
        }
        return try evalPath(value, path, i, f, k)
    }

    func overridesBelow(_ node: RuleNode) -> Bool {
        guard !dataOverrides.isEmpty else { return false }
        return dataOverrides.contains { o in
            o.path.count > node.path.count && zip(node.path, o.path).allSatisfy { .string($0) == $1 }
        }
    }

    func baseData(_ path: [String]) -> Value? {
        var current = policy.data
        for part in path {
            guard let next = current[.string(part)] else { return nil }
            current = next
        }
        return current
    }

    /// The full value of a node (memoized for this evaluation); nil when undefined.
    func nodeValue(_ node: RuleNode) throws -> Value? {
        if case .known(let cached) = cache[node.id] { return cached }
        guard !inProgress[node.id] else {
            throw RegoError(code: RegoError.recursion, message: "rule \(node.dottedName) is recursive", location: node.location)
        }
        inProgress[node.id] = true
        defer { inProgress[node.id] = false }
        var value: Value?
        if node.hasRules {
            switch node.rules.first?.kind ?? node.defaultRule?.kind {
            case .partialSet?: value = .set(try fullSet(node))
            case .partialObject?, .partialSetObject?: value = try fullObject(node)
            case .function?: value = nil
            default: value = try completeValue(node)
            }
        } else {
            var entries: [(Value, Value)] = []
            if case .object(let base)? = baseData(node.path) {
                for (k, v) in base { entries.append((k, v)) }
            }
            for (name, child) in node.children where !child.isFunction {
                if let v = try nodeValue(child) { entries.append((.string(name), v)) }
            }
            value = .object(RegoObject(entries))
        }
        if let v = value { value = applyOverrides(node, v) }
        cache[node.id] = .known(value)
        return value
    }

    /// Patches `with data…` replacements below `path` into a base document found there.
    func overlay(_ value: Value, at path: [Value]) -> Value {
        var result = value
        for (p, replacement) in dataOverrides where p.count > path.count && Array(p[0..<path.count]) == path {
            result = result.setting(Array(p[path.count...]), to: replacement)
        }
        return result
    }

    /// Patches `with data…` replacements that lie below a node into its value.
    func applyOverrides(_ node: RuleNode, _ value: Value) -> Value {
        var result = value
        for (path, replacement) in dataOverrides where path.count > node.path.count {
            guard zip(node.path, path).allSatisfy({ .string($0) == $1 }) else { continue }
            result = result.setting(Array(path[node.path.count...]), to: replacement)
        }
        return result
    }

    // MARK: - Rules

    /// Evaluates one rule body (and its `else` chain), calling `k` with each head value.
    func evalRule(_ rule: CompiledRule, _ f: Frame, _ k: ValueCont) throws -> Bool {
        var produced = false
        let keepGoing = try evalBody(rule.body, 0, f) {
            try self.evalTerm(rule.value, f) { v in produced = true; return try k(v) }
        }
        if produced || !keepGoing { return keepGoing }
        for clause in rule.elses {
            var found = false
            let r = try evalBody(clause.body, 0, f) {
                try self.evalTerm(clause.value, f) { v in found = true; return try k(v) }
            }
            if found || !r { return r }
        }
        return true
    }

    /// The rules worth evaluating for this input: all, or the rule index's candidates.
    func candidateRules(_ node: RuleNode) -> [CompiledRule] {
        guard let index = node.index else { return node.rules }
        let value = input.flatMap { $0.lookup(index.path) }
        return index.candidates(for: value).map { node.rules[$0] }
    }

    func completeValue(_ node: RuleNode) throws -> Value? {
        let outer = gather(unordered: true)
        defer { unordered = outer }
        var result: Value?
        for rule in candidateRules(node) {
            let frame = Frame(size: rule.frameSize)
            _ = try evalRule(rule, frame) { v in
                if let r = result, r != v {
                    throw self.conflict("complete rules must not produce multiple outputs", rule.location)
                }
                result = v
                return !rule.constantValue
            }
        }
        if result == nil, let d = node.defaultRule {
            _ = try evalRule(d, Frame(size: d.frameSize)) { v in result = v; return false }
        }
        return result
    }

    func fullSet(_ node: RuleNode) throws -> RegoSet {
        var out: [Value] = []
        let outer = gather(unordered: true)
        defer { unordered = outer }
        _ = try forEachProduced(node) { v in out.append(v); return true }
        return RegoSet(out)
    }

    func setContains(_ node: RuleNode, _ key: Value) throws -> Bool {
        let outer = gather(unordered: true)
        defer { unordered = outer }
        if case .known(let cached) = cache[node.id] {
            guard case .set(let s)? = cached else { return false }
            return s.contains(key)
        }
        for rule in node.rules {
            let f = Frame(size: rule.frameSize)
            var found = false
            if rule.value.isSimplePattern {
                _ = try unifyValue(rule.value, key, f) {
                    try self.evalBody(rule.body, 0, f) { found = true; return false }
                }
            } else {
                _ = try evalRule(rule, f) { v in found = v == key; return !found }
            }
            if found { return true }
        }
        return false
    }

    func fullObject(_ node: RuleNode) throws -> Value? {
        let outer = gather(unordered: true)
        defer { unordered = outer }
        var result = RegoObject()
        for (name, child) in node.children where !child.isFunction {
            if let v = try nodeValue(child) { result[.string(name)] = v }
        }
        for rule in node.rules {
            let keyTerms: [CTerm]
            let setLeaf: Bool
            switch rule.kind {
            case .partialObject(let k): keyTerms = k; setLeaf = false
            case .partialSetObject(let k): keyTerms = k; setLeaf = true
            default: continue
            }
            let f = Frame(size: rule.frameSize)
            _ = try evalBody(rule.body, 0, f) {
                try self.evalList(keyTerms, 0, [], f) { keys in
                    try self.evalTerm(rule.value, f) { v in
                        try self.insert(&result, keys, 0, v, setLeaf: setLeaf, rule.location)
                        return true
                    }
                }
            }
        }
        if result.isEmpty, node.rules.isEmpty, let d = node.defaultRule {
            var v: Value?
            _ = try evalRule(d, Frame(size: d.frameSize)) { v = $0; return false }
            return v
        }
        return .object(result)
    }

    func insert(_ object: inout RegoObject, _ keys: [Value], _ i: Int, _ value: Value, setLeaf: Bool = false, _ location: Location) throws {
        let key = keys[i]
        if i == keys.count - 1, setLeaf {
            switch object[key] {
            case nil: object[key] = .set(RegoSet([value]))
            case .set(var s)?:
                s.insert(value)
                object[key] = .set(s)
            default: throw conflict("object keys must be unique", location)
            }
            return
        }
        if i == keys.count - 1 {
            if let existing = object[key], existing != value {
                throw conflict("object keys must be unique", location)
            }
            object[key] = value
            return
        }
        var child: RegoObject
        switch object[key] {
        case nil: child = RegoObject()
        case .object(let o)?: child = o
        default: throw conflict("object keys must be unique", location)
        }
        try insert(&child, keys, i + 1, value, setLeaf: setLeaf, location)
        object[key] = .object(child)
    }

    func objectLookup(_ node: RuleNode, _ key: Value) throws -> Value? {
        let outer = gather(unordered: true)
        defer { unordered = outer }
        if case .known(let cached) = cache[node.id] { return cached?[key] }
        var result: Value?
        for rule in node.rules {
            guard case .partialObject(let keyTerms) = rule.kind, let keyTerm = keyTerms.first else { continue }
            let f = Frame(size: rule.frameSize)
            guard keyTerm.isSimplePattern else {
                _ = try evalBody(rule.body, 0, f) {
                    try self.evalTerm(keyTerm, f) { k in
                        guard k == key else { return true }
                        return try self.evalTerm(rule.value, f) { v in
                            if let r = result, r != v { throw self.conflict("object keys must be unique", rule.location) }
                            result = v
                            return true
                        }
                    }
                }
                continue
            }
            _ = try unifyValue(keyTerm, key, f) {
                try self.evalBody(rule.body, 0, f) {
                    try self.evalTerm(rule.value, f) { v in
                        if let r = result, r != v { throw self.conflict("object keys must be unique", rule.location) }
                        result = v
                        return true
                    }
                }
            }
        }
        return result
    }
}

extension Value {
    /// A copy with the value at `path` replaced, creating objects along the way.
    func setting(_ path: [Value], to replacement: Value) -> Value {
        guard let first = path.first else { return replacement }
        var object: RegoObject
        if case .object(let o) = self { object = o } else { object = RegoObject() }
        let child = object[first] ?? .object(RegoObject())
        object[first] = child.setting(Array(path.dropFirst()), to: replacement)
        return .object(object)
    }
}

extension CTerm {
    /// Whether unification can bind this term before the rule body runs.
    var isSimplePattern: Bool {
        switch self {
        case .local, .value: true
        case .array(let items): items.allSatisfy { $0.isSimplePattern }
        case .object(let pairs): pairs.allSatisfy { $0.0.groundValue != nil && $0.1.isSimplePattern }
        default: false
        }
    }
}
