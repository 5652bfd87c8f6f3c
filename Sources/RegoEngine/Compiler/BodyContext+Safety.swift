import RegoSyntax
import RegoValue

/// Which slots an expression needs bound beforehand and which it can bind itself.
struct SlotUse {
    var all = Set<Int>()
    var iteration = Set<Int>()
    var patterns = Set<Int>()
}

extension BodyContext {
    /// Collects the slots of the current depth used by a term.
    func use(_ term: CTerm, _ u: inout SlotUse) {
        switch term {
        case .value, .input: break
        case .local(let s): if slotDepth[s] == depth { u.all.insert(s) }
        case .data(let path):
            usePath(path, &u)
        case .ref(let head, let path):
            use(head, &u)
            usePath(path, &u)
        case .call(_, let args, _): for a in args { use(a, &u) }
        case .array(let items), .set(let items): for i in items { use(i, &u) }
        case .object(let pairs): for (k, v) in pairs { use(k, &u); use(v, &u) }
        case .arrayComprehension(let h, let b), .setComprehension(let h, let b):
            use(h, &u); useBody(b, &u)
        case .objectComprehension(let k, let v, let b):
            use(k, &u); use(v, &u); useBody(b, &u)
        }
    }

    func usePath(_ path: [CTerm], _ u: inout SlotUse) {
        for p in path {
            if case .local(let s) = p, slotDepth[s] == depth { u.iteration.insert(s); u.all.insert(s); continue }
            use(p, &u)
            if case .array = p { patternSlots(p, &u.iteration) }
        }
    }

    func useBody(_ body: CBody, _ u: inout SlotUse) {
        for e in body { useExpr(e, &u) }
    }

    func useExpr(_ e: CExpr, _ u: inout SlotUse) {
        switch e.kind {
        case .term(let t): use(t, &u)
        case .unify(let a, let b), .compare(_, let a, let b): use(a, &u); use(b, &u)
        case .someIn(let k, let v, let c):
            if let k { use(k, &u) }
            use(v, &u); use(c, &u)
        case .every(let k, let v, let d, let b):
            if let k { use(k, &u) }
            use(v, &u); use(d, &u); useBody(b, &u)
        case .noop: break
        }
        for w in e.withs { use(w.value, &u) }
    }

    func patternSlots(_ term: CTerm, _ out: inout Set<Int>) {
        switch term {
        case .local(let s): if slotDepth[s] == depth { out.insert(s) }
        case .array(let items): for i in items { patternSlots(i, &out) }
        case .object(let pairs): for (_, v) in pairs { patternSlots(v, &out) }
        default: break
        }
    }

    func isComposite(_ t: CTerm) -> Bool {
        switch t {
        case .array, .object: true
        case .value(let v): v.arrayValue != nil || v.objectValue != nil
        default: false
        }
    }

    /// Slots bound once `body` has run (those of this depth that its positive expressions use).
    func boundAfter(_ body: CBody) -> Set<Int> {
        var u = SlotUse()
        for e in body where !e.negated { useExpr(e, &u) }
        return u.all
    }

    /// Orders expressions so each runs once the variables it needs are bound (OPA's safety
    /// reordering); reports `rego_unsafe_var_error` for variables nothing can bind.
    mutating func order(_ body: CBody, bound initial: Set<Int>) -> CBody {
        var uses: [SlotUse] = body.map { e in var u = SlotUse(); useExpr(e, &u); return u }
        // No variable of this body and no `with`: every expression can run where it is (most
        // rules of large generated policies, `input.path == "/a/1"; input.method == "GET"`).
        if uses.allSatisfy({ $0.all.isEmpty }), body.allSatisfy({ $0.withs.isEmpty }) { return body }
        var counts: [Int: Int] = [:]
        for u in uses { for s in u.all { counts[s, default: 0] += 1 } }
        for (i, e) in body.enumerated() {
            switch e.kind {
            case .unify(let a, let b):
                patternSlots(a, &uses[i].patterns)
                patternSlots(b, &uses[i].patterns)
            case .someIn(let k, let v, _):
                if let k { patternSlots(k, &uses[i].patterns) }
                patternSlots(v, &uses[i].patterns)
            default: break
            }
        }
        var bound = initial
        var remaining = Array(body.indices)
        var out: CBody = []
        out.reserveCapacity(body.count)
        while !remaining.isEmpty {
            var picked: Int?
            for (position, i) in remaining.enumerated() where canRun(body[i], uses[i], bound: bound, counts: counts) {
                picked = position
                break
            }
            guard let position = picked else {
                let i = remaining[0]
                let missing = uses[i].all.subtracting(bound).subtracting(uses[i].iteration).subtracting(uses[i].patterns)
                let names = (missing.isEmpty ? uses[i].all.subtracting(bound) : missing).sorted().map { displayName(slotNames[$0]) }
                for name in Set(names).sorted() {
                    error(RegoError.unsafeVar, "var \(name) is unsafe", body[i].location)
                }
                for i in remaining { out.append(body[i]) }
                return out
            }
            let i = remaining.remove(at: position)
            out.append(body[i])
            if !body[i].negated { bound.formUnion(uses[i].all) }
        }
        return out
    }

    func canRun(_ e: CExpr, _ u: SlotUse, bound: Set<Int>, counts: [Int: Int]) -> Bool {
        if e.negated {
            // Variables used only inside the negation are local to it.
            let needed = u.all.filter { (counts[$0] ?? 0) > 1 || preBound.contains($0) }
            return needed.isSubset(of: bound)
        }
        var withUse = SlotUse()
        for w in e.withs { use(w.value, &withUse) }
        guard withUse.all.isSubset(of: bound) else { return false }
        switch e.kind {
        case .unify(let a, let b):
            var ua = SlotUse(), ub = SlotUse()
            use(a, &ua); use(b, &ub)
            var pa = Set<Int>(), pb = Set<Int>()
            patternSlots(a, &pa); patternSlots(b, &pb)
            let needA = ua.all.subtracting(ua.iteration).subtracting(bound)
            let needB = ub.all.subtracting(ub.iteration).subtracting(bound)
            if needA.isEmpty || needB.isEmpty {
                return needA.isSubset(of: pa) && needB.isSubset(of: pb)
            }
            return isComposite(a) && isComposite(b) && needA.isSubset(of: pa) && needB.isSubset(of: pb)
        case .someIn(let k, let v, let c):
            var uc = SlotUse()
            use(c, &uc)
            var p = Set<Int>()
            if let k { patternSlots(k, &p) }
            patternSlots(v, &p)
            var ukv = SlotUse()
            if let k { use(k, &ukv) }
            use(v, &ukv)
            return uc.all.subtracting(uc.iteration).isSubset(of: bound) && ukv.all.subtracting(p).isSubset(of: bound)
        default:
            return u.all.subtracting(u.iteration).isSubset(of: bound)
        }
    }
}
