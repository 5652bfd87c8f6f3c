import RegoSyntax
import RegoValue

extension Evaluator {
    /// Evaluates a term, calling `k` with each of its values (several when it iterates).
    func evalTerm(_ t: CTerm, _ f: Frame, _ k: ValueCont) throws -> Bool {
        switch t {
        case .value(let v):
            return try k(v)
        case .local(let s):
            guard let v = f.slots[s] else {
                throw RegoError(code: RegoError.unsafeVar, message: "variable is not bound", location: nil)
            }
            return try k(v)
        case .input:
            guard let input else { return true }
            return try k(input)
        case .ref(let head, let path):
            // A bound variable or `input` followed by constant keys (`x.a.b`, `input.user`): look
            // the keys up directly, without a continuation per step.
            if var current = refStart(head, f) {
                var i = 0
                while i < path.count, case .value(let key) = path[i] {
                    guard let child = current[key] else { return true }
                    current = child
                    i += 1
                }
                return i == path.count ? try k(current) : try evalPath(current, path, i, f, k)
            }
            return try evalTerm(head, f) { hv in try self.evalPath(hv, path, 0, f, k) }
        case .data(let path):
            return try evalData(path, f, k)
        case .call(let target, let args, _):
            // `a == b`, `a < b`, …: with both operands at hand, compare inline.
            if case .builtin(let b) = target, let test = b.comparison, args.count == 2, functionOverrides.isEmpty {
                switch (directValue(args[0], f), directValue(args[1], f)) {
                case (.value(let x), .value(let y)): return try k(.bool(test.holds(Value.compare(x, y))))
                // Left to right, as argument lists are evaluated: stop at the first undefined one.
                case (.undefined, _), (.value, .undefined): return true
                default: break
                }
            }
            if case .print = target { return try evalPrint(args, f, k) }
            return try evalList(args, 0, [], f) { values in try self.call(target, values, t, f, k) }
        case .array(let items):
            return try evalList(items, 0, [], f) { try k(.array($0)) }
        case .set(let items):
            return try evalList(items, 0, [], f) { try k(.set(RegoSet($0))) }
        case .object(let pairs):
            let flat = pairs.flatMap { [$0.0, $0.1] }
            return try evalList(flat, 0, [], f) { values in
                var entries: [(Value, Value)] = []
                entries.reserveCapacity(pairs.count)
                var i = 0
                while i + 1 < values.count { entries.append((values[i], values[i + 1])); i += 2 }
                return try k(.object(RegoObject(entries)))
            }
        case .arrayComprehension(let head, let body):
            var out: [Value] = []
            do {
                // An array shows the order and repetition of its body's solutions.
                let outer = gather(unordered: false)
                defer { unordered = outer }
                _ = try evalBody(body, 0, f) {
                    try self.evalTerm(head, f) { v in out.append(v); return true }
                }
            }
            return try k(.array(out))
        case .setComprehension(let head, let body):
            var out: [Value] = []
            _ = try evalBody(body, 0, f) {
                try self.evalTerm(head, f) { v in out.append(v); return true }
            }
            return try k(.set(RegoSet(out)))
        case .objectComprehension(let keyTerm, let valueTerm, let body):
            var entries: [Value: Value] = [:]
            var failure: RegoError?
            _ = try evalBody(body, 0, f) {
                try self.evalTerm(keyTerm, f) { key in
                    try self.evalTerm(valueTerm, f) { value in
                        if let existing = entries[key], existing != value {
                            failure = self.conflict("object keys must be unique", .unknown)
                            return false
                        }
                        entries[key] = value
                        return true
                    }
                }
            }
            if let failure { throw failure }
            return try k(.object(RegoObject(entries.map { ($0.key, $0.value) })))
        }
    }

    /// Evaluates terms left to right, each possibly with several values.
    func evalList(_ items: [CTerm], _ i: Int, _ acc: [Value], _ f: Frame, _ k: ([Value]) throws -> Bool) throws -> Bool {
        var values = acc
        values.reserveCapacity(items.count)
        return try evalList(items, i, &values, f, k)
    }

    /// Appends the values of `items[i...]` to one buffer (removed again on the way back), so a
    /// list costs one allocation rather than one per item.
    private func evalList(_ items: [CTerm], _ i: Int, _ acc: inout [Value], _ f: Frame, _ k: ([Value]) throws -> Bool) throws -> Bool {
        var i = i
        // Constants, bound variables and constant-key references on them have at most one value:
        // no continuation needed.
        direct: while i < items.count {
            switch directValue(items[i], f) {
            case .value(let v): acc.append(v); i += 1
            case .undefined: return true
            case .notDirect: break direct
            }
        }
        if i == items.count { return try k(acc) }
        let mark = acc.count
        return try evalTerm(items[i], f) { v in
            acc.append(v)
            defer { acc.removeSubrange(mark...) }
            return try self.evalList(items, i + 1, &acc, f, k)
        }
    }

    /// The value a reference starts from when it is at hand: a bound variable or `input`.
    @inline(__always)
    func refStart(_ head: CTerm, _ f: Frame) -> Value? {
        switch head {
        case .local(let s): return f.slots[s]
        case .input: return input
        default: return nil
        }
    }

    enum DirectValue {
        case value(Value)
        case undefined
        /// The term may have several values or needs full evaluation.
        case notDirect
    }

    /// The single value of a constant, a bound variable, or a bound variable or `input`
    /// followed by constant keys; `.notDirect` for any other term.
    @inline(__always)
    func directValue(_ t: CTerm, _ f: Frame) -> DirectValue {
        switch t {
        case .value(let v):
            return .value(v)
        case .local(let s):
            guard let v = f.slots[s] else { return .notDirect }
            return .value(v)
        case .ref(let head, let path):
            if case .input = head, let id = path.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) {
                return inputPathValue(path, id)
            }
            guard var current = refStart(head, f) else { return .notDirect }
            for p in path {
                guard case .value(let key) = p else { return .notDirect }
                guard let child = current[key] else { return .undefined }
                current = child
            }
            return .value(current)
        default:
            return .notDirect
        }
    }

    /// `input` followed by `path` (non-empty, its storage at `id`), looked up once per evaluation
    /// when its keys are constants.
    func inputPathValue(_ path: [CTerm], _ id: UnsafeRawPointer) -> DirectValue {
        if let known = inputPaths.value(of: id) { return known.map(DirectValue.value) ?? .undefined }
        guard var current = input else { return .notDirect }
        for p in path {
            guard case .value(let key) = p else { return .notDirect }
            guard let child = current[key] else {
                inputPaths.keep(nil, of: id)
                return .undefined
            }
            current = child
        }
        inputPaths.keep(current, of: id)
        return .value(current)
    }

    /// Follows `path[i...]` into `value`; an unbound variable in the path iterates.
    func evalPath(_ value: Value, _ path: [CTerm], _ i: Int, _ f: Frame, _ k: ValueCont) throws -> Bool {
        if i == path.count { return try k(value) }
        let element = path[i]
        if case .value(let key) = element {
            guard let child = value[key] else { return true }
            return try evalPath(child, path, i + 1, f, k)
        }
        if isPattern(element, f) {
            return try forEachEntry(value) { key, child in
                try self.unifyValue(element, key, f) { try self.evalPath(child, path, i + 1, f, k) }
            }
        }
        return try evalTerm(element, f) { key in
            guard let child = value[key] else { return true }
            return try self.evalPath(child, path, i + 1, f, k)
        }
    }

    // MARK: - Unification

    /// Whether a term still has unbound variables in positions unification can fill.
    func isPattern(_ t: CTerm, _ f: Frame) -> Bool {
        switch t {
        case .local(let s): return f.slots[s] == nil
        case .array(let items): return items.contains { isPattern($0, f) }
        case .object(let pairs): return pairs.contains { isPattern($0.1, f) }
        default: return false
        }
    }

    func unify(_ a: CTerm, _ b: CTerm, _ f: Frame, _ k: Cont) throws -> Bool {
        let pa = isPattern(a, f), pb = isPattern(b, f)
        if pa && pb {
            if case .array(let xs) = a, case .array(let ys) = b {
                guard xs.count == ys.count else { return true }
                return try unifyPairs(xs, ys, 0, f, k)
            }
            if case .object(let xs) = a, case .object(let ys) = b, xs.count == ys.count {
                var ordered: [(CTerm, CTerm)] = []
                for (kx, vx) in xs {
                    guard let kv = kx.groundValue, let match = ys.first(where: { $0.0.groundValue == kv }) else { return true }
                    ordered.append((vx, match.1))
                }
                return try unifyPairs(ordered.map { $0.0 }, ordered.map { $0.1 }, 0, f, k)
            }
        }
        if pa { return try evalTerm(b, f) { v in try self.unifyValue(a, v, f, k) } }
        if pb { return try evalTerm(a, f) { v in try self.unifyValue(b, v, f, k) } }
        return try evalTerm(a, f) { va in
            try self.evalTerm(b, f) { vb in va == vb ? try k() : true }
        }
    }

    func unifyPairs(_ xs: [CTerm], _ ys: [CTerm], _ i: Int, _ f: Frame, _ k: Cont) throws -> Bool {
        if i == xs.count { return try k() }
        return try unify(xs[i], ys[i], f) { try self.unifyPairs(xs, ys, i + 1, f, k) }
    }

    /// Unifies a term with a value, binding the term's unbound variables.
    func unifyValue(_ pattern: CTerm, _ v: Value, _ f: Frame, _ k: Cont) throws -> Bool {
        switch pattern {
        case .local(let s):
            if let current = f.slots[s] { return current == v ? try k() : true }
            f.slots[s] = v
            let r = try k()
            f.slots[s] = nil
            return r
        case .value(let c):
            return c == v ? try k() : true
        case .array(let items):
            guard case .array(let values) = v, values.count == items.count else { return true }
            return try unifyValues(items, values, 0, f, k)
        case .object(let pairs):
            guard case .object(let o) = v, o.count == pairs.count else { return true }
            var keys: [Value] = []
            for (kt, _) in pairs {
                var key: Value?
                _ = try evalTerm(kt, f) { key = $0; return false }
                guard let key else { return true }
                keys.append(key)
            }
            var values: [Value] = []
            for key in keys {
                guard let child = o[key] else { return true }
                values.append(child)
            }
            return try unifyValues(pairs.map { $0.1 }, values, 0, f, k)
        default:
            return try evalTerm(pattern, f) { pv in pv == v ? try k() : true }
        }
    }

    func unifyValues(_ terms: [CTerm], _ values: [Value], _ i: Int, _ f: Frame, _ k: Cont) throws -> Bool {
        if i == terms.count { return try k() }
        return try unifyValue(terms[i], values[i], f) { try self.unifyValues(terms, values, i + 1, f, k) }
    }
}
