import RegoSyntax
import RegoValue

extension BodyContext {
    /// Compiles a body in the current scope and orders it for safety. `bound` holds slots of this
    /// depth that are bound before the body runs. With `comparisons` (a rule's own body and its
    /// `else` bodies), each plain comparison (not negated, no `with`) becomes a `.compare`.
    mutating func compileBody(_ body: Body, bound: Set<Int>, comparisons: Bool = false) -> CBody {
        prescan(body)
        var compiled: [CExpr] = []
        for expr in body { compiled.append(compileExpr(expr, comparisons: comparisons)) }
        return order(compiled, bound: bound)
    }

    /// Declares the body's local variables before compiling it, so that a comprehension nested in
    /// one expression sees a variable used by another as the same variable.
    mutating func prescan(_ body: Body) {
        var assigned = Set<String>()
        for expr in body {
            switch expr.kind {
            case .assign(let lhs, _):
                var names: [(String, Location)] = []
                collectVarNames(lhs, into: &names)
                for (name, location) in names where !name.hasPrefix("$_") {
                    if assigned.contains(name) {
                        error(RegoError.compile, "var \(name) assigned above", location)
                    }
                    assigned.insert(name)
                }
                declarePatternVars(lhs)
            case .some(let vars):
                for v in vars { declarePatternVars(v) }
            case .someIn(let key, let value, _):
                if let key { declarePatternVars(key) }
                declarePatternVars(value)
            default: break
            }
        }
        for expr in body {
            // Whether a `with` value names a function is decided before the expression declares
            // anything, as it reads the variables in scope.
            let withValues = expr.withs.filter { functionReplacement($0.value) == nil }
            switch expr.kind {
            case .term(let t): declareNewVars(t)
            case .unify(let a, let b), .assign(let a, let b):
                declareNewVars(a)
                declareNewVars(b)
            case .someIn(_, _, let c): declareNewVars(c)
            case .every(_, _, let domain, _): declareNewVars(domain)
            case .some: break
            }
            for w in withValues { declareNewVars(w.value) }
        }
    }

    /// Declares each variable of `term` that is new (see `isUndeclared`) as it is met, in source
    /// order: no list of the term's names is made first.
    mutating func declareNewVars(_ term: Term) {
        BodyContext.forEachVar(in: term) { name, _ in
            if isUndeclared(name) { _ = declare(name) }
        }
    }

    mutating func compileExpr(_ expr: Expr, comparisons: Bool) -> CExpr {
        var kind: CExpr.Kind
        switch expr.kind {
        case .term(let t):
            // A call's target is resolved once, here: it decides whether the last operand is an
            // output (`count(xs, n)`), and the call is then compiled with it.
            guard case .call(let name, let args) = t.kind, let target = callTarget(name) else {
                kind = .term(compileTerm(t))
                break
            }
            if let n = arity(of: target), args.count == n + 1, let last = args.last {
                let call = CTerm.call(target, args.dropLast().map { compileTerm($0) }, t.location)
                kind = .unify(compileTerm(last), call)
            } else {
                let operands = args.map { compileTerm($0) }
                if comparisons, !expr.negated, expr.withs.isEmpty, case .builtin(let b) = target,
                   b.comparison != nil, operands.count == 2 {
                    kind = .compare(b, operands[0], operands[1])
                } else {
                    kind = .term(.call(target, operands, t.location))
                }
            }
        case .unify(let a, let b), .assign(let a, let b):
            kind = .unify(compileTerm(a), compileTerm(b))
        case .some:
            kind = .noop
        case .someIn(let key, let value, let collection):
            kind = .someIn(key: key.map { compileTerm($0) }, value: compileTerm(value), collection: compileTerm(collection))
        case .every(let key, let value, let domain, let body):
            let d = compileTerm(domain)
            scopes.append([:])
            if let key { declarePatternVars(key) }
            declarePatternVars(value)
            let k = key.map { compileTerm($0) }
            let v = compileTerm(value)
            let declared = Set(scopes[scopes.count - 1].values)
            let b = compileBody(body, bound: declared)
            scopes.removeLast()
            kind = .every(key: k, value: v, domain: d, body: b)
        }
        let withs = expr.withs.compactMap { compileWith($0) }
        return CExpr(kind: kind, negated: expr.negated, withs: withs, location: expr.location, valueSlot: nil)
    }

    mutating func compileWith(_ w: With) -> CWith? {
        var head = ""
        var path: [String] = []
        var ground = true
        switch w.target.kind {
        case .variable(let name): head = name
        case .ref(let h, let p):
            guard case .variable(let name) = h.kind else { ground = false; break }
            head = name
            for part in p {
                if case .scalar(.string(let s)) = part.kind { path.append(s) } else { ground = false }
            }
        default: ground = false
        }
        guard ground else {
            error(RegoError.compile, "with keyword target must reference existing input, data, or a function", w.location)
            return nil
        }
        let dotted = ([head] + path).joined(separator: ".")
        let replacement = functionReplacement(w.value)
        let value: CTerm = replacement == nil ? compileTerm(w.value) : .value(.null)
        if head == "input" {
            return CWith(target: .input(path.map { .string($0) }), value: value, replacement: nil, location: w.location)
        }
        if lookup(head) == nil, let target = callTarget(dotted) {
            if case .function(let p) = target {
                return CWith(target: .function("data." + p.joined(separator: ".")), value: value, replacement: replacement, location: w.location)
            }
            if case .builtin(let b) = target {
                return CWith(target: .function(b.name), value: value, replacement: replacement, location: w.location)
            }
        }
        var dataPath: [String]?
        if head == "data" { dataPath = path }
        else if lookup(head) == nil, let imported = imports[head], imported.first == "data" { dataPath = Array(imported.dropFirst()) + path }
        else if lookup(head) == nil, packageRules.contains(head) { dataPath = package + [head] + path }
        guard let dataPath else {
            error(RegoError.compile, "with keyword target must reference existing input, data, or a function", w.location)
            return nil
        }
        return CWith(target: .data(dataPath.map { .string($0) }), value: value, replacement: replacement, location: w.location)
    }

    /// When a `with` value names a function (`with count as my_count`), the function to call.
    mutating func functionReplacement(_ term: Term) -> CallTarget? {
        var dotted: String?
        switch term.kind {
        case .variable(let name): if lookup(name) == nil { dotted = name }
        case .ref(let h, let p):
            if case .variable(let name) = h.kind, lookup(name) == nil {
                var parts = [name]
                for part in p {
                    guard case .scalar(.string(let s)) = part.kind else { return nil }
                    parts.append(s)
                }
                dotted = parts.joined(separator: ".")
            }
        default: break
        }
        guard let dotted, dotted != "input", !dotted.hasPrefix("input.") else { return nil }
        guard let target = callTarget(dotted) else { return nil }
        if case .function(let path) = target, functionArity["data." + path.joined(separator: ".")] == nil { return nil }
        return target
    }
}
