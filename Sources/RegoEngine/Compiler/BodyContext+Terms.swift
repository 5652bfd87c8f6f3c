import RegoSyntax
import RegoValue

extension BodyContext {
    /// Calls `visit` with each variable of a term and its location, in source order (not those
    /// inside nested comprehensions, whose bodies have scopes of their own).
    static func forEachVar(in term: Term, _ visit: (String, Location) -> Void) {
        switch term.kind {
        case .scalar: break
        case .variable(let name): visit(name, term.location)
        case .ref(let head, let path):
            forEachVar(in: head, visit)
            for p in path { forEachVar(in: p, visit) }
        case .call(_, let args):
            for a in args { forEachVar(in: a, visit) }
        case .array(let items), .set(let items):
            for i in items { forEachVar(in: i, visit) }
        case .object(let pairs):
            for (k, v) in pairs {
                forEachVar(in: k, visit)
                forEachVar(in: v, visit)
            }
        case .arrayComprehension, .setComprehension, .objectComprehension:
            break
        }
    }

    /// Variable names in a term and their locations, in source order (see `forEachVar`).
    func collectVarNames(_ term: Term, into names: inout [(String, Location)]) {
        BodyContext.forEachVar(in: term) { names.append(($0, $1)) }
    }

    /// Declares (fresh, in the current scope) every variable of an assignment pattern.
    mutating func declarePatternVars(_ term: Term) {
        switch term.kind {
        case .variable(let name): _ = declare(name)
        case .array(let items), .set(let items): for i in items { declarePatternVars(i) }
        case .object(let pairs): for (_, v) in pairs { declarePatternVars(v) }
        default: declareNewVars(term)
        }
    }

    // MARK: - Terms

    mutating func compileTerm(_ term: Term) -> CTerm {
        if case .scalar(let v) = term.kind, let interner { return interner.value(v) }
        let compiled = compileTermUnshared(term)
        return interner?.intern(compiled) ?? compiled
    }

    private mutating func compileTermUnshared(_ term: Term) -> CTerm {
        switch term.kind {
        case .scalar(let v):
            return .value(v)
        case .variable(let name):
            return resolveName(name, path: [], location: term.location)
        case .ref(let head, let path):
            let compiledPath = path.map { compileTerm($0) }
            if case .variable(let name) = head.kind {
                return resolveName(name, path: compiledPath, location: term.location)
            }
            return appendPath(compileTerm(head), compiledPath)
        case .call(let name, let args):
            if args.isEmpty, let metadata = metadataValue(name) { return .value(metadata) }
            let compiledArgs = args.map { compileTerm($0) }
            guard let target = resolveCall(name, location: term.location) else { return .value(.null) }
            return .call(target, compiledArgs, term.location)
        case .array(let items):
            let c = items.map { compileTerm($0) }
            if let values = groundValues(c) { return .value(.array(values)) }
            return .array(c)
        case .set(let items):
            let c = items.map { compileTerm($0) }
            if let values = groundValues(c) { return .value(.set(RegoSet(values))) }
            return .set(c)
        case .object(let pairs):
            let c = pairs.map { (compileTerm($0.key), compileTerm($0.value)) }
            if let keys = groundValues(c.map { $0.0 }), let values = groundValues(c.map { $0.1 }) {
                return .value(.object(RegoObject(Array(zip(keys, values)))))
            }
            return .object(c)
        case .arrayComprehension(let head, let body):
            scopes.append([:])
            let b = compileBody(body, bound: [])
            let h = compileHeadTerm(head, bound: boundAfter(b))
            scopes.removeLast()
            return .arrayComprehension(h, b)
        case .setComprehension(let head, let body):
            scopes.append([:])
            let b = compileBody(body, bound: [])
            let h = compileHeadTerm(head, bound: boundAfter(b))
            scopes.removeLast()
            return .setComprehension(h, b)
        case .objectComprehension(let key, let value, let body):
            scopes.append([:])
            let b = compileBody(body, bound: [])
            let bound = boundAfter(b)
            let k = compileHeadTerm(key, bound: bound)
            let v = compileHeadTerm(value, bound: bound)
            scopes.removeLast()
            return .objectComprehension(k, v, b)
        }
    }

    func groundValues(_ terms: [CTerm]) -> [Value]? {
        var out: [Value] = []
        out.reserveCapacity(terms.count)
        for t in terms {
            guard case .value(let v) = t else { return nil }
            out.append(v)
        }
        return out
    }

    func appendPath(_ head: CTerm, _ path: [CTerm]) -> CTerm {
        if path.isEmpty { return head }
        switch head {
        case .data(let p): return .data(p + path)
        case .ref(let h, let p): return .ref(h, p + path)
        default: return .ref(head, path)
        }
    }

    mutating func resolveName(_ name: String, path: [CTerm], location: Location) -> CTerm {
        if let slot = lookup(name) { return appendPath(.local(slot), path) }
        if name == "input" { return appendPath(.input, path) }
        if name == "data" { return .data(path) }
        if let imported = imports[name] {
            let rest = imported.dropFirst().map { CTerm.value(.string($0)) }
            return imported.first == "input" ? appendPath(.input, rest + path) : .data(rest + path)
        }
        if packageRules.contains(name) {
            return .data((package + [name]).map { CTerm.value(.string($0)) } + path)
        }
        return appendPath(.local(declare(name)), path)
    }

    /// The function a call names: a user function in `data`, a special form, or a builtin.
    mutating func resolveCall(_ name: String, location: Location) -> CallTarget? {
        if let target = callTarget(name) { return target }
        error(RegoError.type, "undefined function \(name)", location)
        return nil
    }

    /// What a call name refers to (a function rule, `print`, `walk`, membership, a builtin), or nil.
    mutating func callTarget(_ name: String) -> CallTarget? {
        // What a plain name resolves to depends only on the module (its imports and package), so
        // the rules of one module that a thread compiles resolve each such name once: a policy of
        // generated rules makes the same call (`==`) in every one.
        let cacheKey = interner != nil && name != "print" ? moduleNumber.map { TermInterner.CallKey(module: $0, name: name) } : nil
        if let cacheKey, let known = interner?.plainCallTargets[cacheKey] { return known }
        // Operators and most builtins are one word that no import or rule of the package takes.
        let plain = !name.utf8.contains(UInt8(ascii: ".")) && name != "data" && imports[name] == nil && !packageRules.contains(name)
        if !plain {
            let segments = name.split(separator: ".").map(String.init)
            guard let first = segments.first else { return nil }
            var candidates: [[String]] = []
            if first == "data" { candidates.append(Array(segments.dropFirst())) }
            if let imported = imports[first], imported.first == "data" {
                candidates.append(Array(imported.dropFirst()) + segments.dropFirst())
            }
            if lookup(first) == nil, packageRules.contains(first) { candidates.append(package + segments) }
            for path in candidates where functionArity["data." + path.joined(separator: ".")] != nil {
                return .function(path)
            }
        }
        switch name {
        case "print":
            callsPrint = true
            return .print
        case "walk": return .walk
        case Operator.member2: return .member(2)
        case Operator.member3: return .member(3)
        default: break
        }
        let target = builtins[name].map { CallTarget.builtin($0) }
        if plain, let cacheKey { interner?.plainCallTargets[cacheKey] = .some(target) }
        return target
    }

    /// Declared arity of a call target (the argument count without an output operand).
    func arity(of target: CallTarget) -> Int? {
        switch target {
        case .builtin(let b): b.arguments.count
        case .function(let path): functionArity["data." + path.joined(separator: ".")]
        case .walk: 1
        case .print, .member: nil
        }
    }
}
