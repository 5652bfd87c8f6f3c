import RegoSyntax
import RegoValue

extension Evaluator {
    /// Calls a builtin or function with evaluated operands.
    /// `site` is the call term, for the location of errors (read only when one is raised).
    func call(_ target: CallTarget, _ args: [Value], _ site: CTerm, _ f: Frame, _ k: ValueCont) throws -> Bool {
        if !functionOverrides.isEmpty, let replacement = functionOverrides[target.name] {
            switch replacement {
            case .value(let v): return try k(v)
            case .target(let other):
                if case .builtin(let b) = other, b.name == target.name { break }
                // A replacement runs without the replacements around it (a mock does not call
                // another mock, nor itself); its results go on under them again.
                var results: [Value] = []
                try withoutOverrides { _ = try self.call(other, args, site, f) { results.append($0); return true } }
                for result in results where !(try k(result)) { return false }
                return true
            }
        }
        switch target {
        case .builtin(let builtin):
            let result: Value?
            do {
                result = try builtin.body(Arguments(args, context: context))
            } catch {
                guard strict || error.kind == .halt else { return true }
                let code = error.kind == .type ? RegoError.evalType : RegoError.evalBuiltin
                throw RegoError(code: code, message: "\(builtin.name): \(error.message)", location: site.callLocation)
            }
            guard let result else { return true }
            return try k(result)
        case .function(let path):
            guard let v = try callFunction(path, args, site.callLocation) else { return true }
            return try k(v)
        case .walk:
            guard let root = args.first else { return true }
            return try walk(root, [], k)
        case .member(let n):
            if n == 2 {
                guard args.count == 2 else { return true }
                return try k(.bool(contains(args[1], args[0])))
            }
            guard args.count == 3 else { return true }
            return try k(.bool(args[2][args[0]].map { $0 == args[1] } ?? false))
        case .print:
            return try k(.bool(true))
        }
    }

    /// Runs `body` with no function replaced, and rule values cached apart from those computed
    /// with the replacements.
    func withoutOverrides<T>(_ body: () throws -> T) rethrows -> T {
        let (savedFunctions, savedCache) = (functionOverrides, cache)
        functionOverrides = [:]
        cache = Array(repeating: .unknown, count: policy.nodeCount)
        defer { (functionOverrides, cache) = (savedFunctions, savedCache) }
        return try body()
    }

    func contains(_ collection: Value, _ element: Value) -> Bool {
        switch collection {
        case .array(let a): return a.contains(element)
        case .set(let s): return s.contains(element)
        case .object(let o): return o.values.contains(element)
        default: return false
        }
    }

    func walk(_ value: Value, _ path: [Value], _ k: ValueCont) throws -> Bool {
        guard try k(.array([.array(path), value])) else { return false }
        return try forEachEntry(value) { key, child in
            try self.walk(child, path + [key], k)
        }
    }

    /// `print(…)`: undefined operands print as `<undefined>`; always true.
    func evalPrint(_ args: [CTerm], _ f: Frame, _ k: ValueCont) throws -> Bool {
        var parts: [String] = []
        for arg in args {
            var values: [Value] = []
            _ = try evalTerm(arg, f) { values.append($0); return true }
            if values.isEmpty { parts.append("<undefined>") }
            for v in values {
                if case .string(let s) = v { parts.append(s) } else { parts.append(v.regoText) }
            }
        }
        context.printLine(parts.joined(separator: " "))
        return try k(.bool(true))
    }

    /// Calls a user function; nil when no definition applies.
    func callFunction(_ path: [String], _ args: [Value], _ location: Location) throws -> Value? {
        guard let node = policy.functions[path.joined(separator: ".")] else { return nil }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Evaluator.maxCallDepth {
            throw RegoError(code: RegoError.recursion, message: "function \(node.dottedName) exceeded the call depth limit of \(Evaluator.maxCallDepth)", location: location)
        }
        let outer = gather(unordered: true)
        defer { unordered = outer }
        var result: Value?
        for rule in node.rules {
            guard case .function(let params) = rule.kind, params.count == args.count else { continue }
            let f = Frame(size: rule.frameSize)
            _ = try unifyValues(params, args, 0, f) {
                try self.evalRule(rule, f) { v in
                    if let r = result, r != v {
                        throw self.conflict("functions must not produce multiple outputs for same inputs", rule.location)
                    }
                    result = v
                    return !rule.constantValue
                }
            }
        }
        if result == nil, let d = node.defaultRule {
            _ = try evalRule(d, Frame(size: d.frameSize)) { v in result = v; return false }
        }
        return result
    }

    // MARK: - with

    /// Evaluates an expression under its `with` modifiers, then continues with its solutions
    /// after the modifiers are undone.
    func evalWith(_ e: CExpr, _ f: Frame, _ k: Cont) throws -> Bool {
        var replacements: [(CWith, Value?)] = []
        for w in e.withs {
            if w.replacement != nil { replacements.append((w, nil)); continue }
            var value: Value?
            _ = try evalTerm(w.value, f) { value = $0; return false }
            guard let value else { return true }
            replacements.append((w, value))
        }
        let savedInput = input, savedData = dataOverrides, savedFunctions = functionOverrides, savedCache = cache
        let savedInputPaths = inputPaths
        for (w, value) in replacements {
            switch w.target {
            case .input(let path):
                guard let value else { continue }
                input = path.isEmpty ? value : (input ?? .object(RegoObject())).setting(path, to: value)
            case .data(let path):
                guard let value else { continue }
                dataOverrides.append((path, value))
            case .function(let name):
                if let target = w.replacement { functionOverrides[name] = .target(target) }
                else if let value { functionOverrides[name] = .value(value) }
            }
        }
        cache = Array(repeating: .unknown, count: policy.nodeCount)
        inputPaths = InputPathMemo()
        let inner = CExpr(kind: e.kind, negated: e.negated, withs: [], location: e.location, valueSlot: e.valueSlot)
        var solutions: [[Value?]] = []
        do {
            // Undone whether the expression succeeds or throws, before its solutions go on.
            defer {
                currentExpr = e
                input = savedInput; dataOverrides = savedData; functionOverrides = savedFunctions; cache = savedCache
                inputPaths = savedInputPaths
            }
            _ = try evalExpr(inner, f) { solutions.append(f.slots); return true }
        }
        let original = f.slots
        for solution in solutions {
            f.slots = solution
            let r = try k()
            f.slots = original
            if !r { return false }
        }
        return true
    }
}
