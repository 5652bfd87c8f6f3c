import RegoSyntax
import RegoValue

extension Compiler {
    /// Rejects rules that depend on themselves (`rego_recursion_error`), as OPA does.
    mutating func checkRecursion() {
        var nodes: [RuleNode] = []
        root.walk { if $0.hasRules { nodes.append($0) } }
        var edges: [Int: [RuleNode]] = [:]
        for node in nodes {
            var deps: [RuleNode] = []
            for path in node.dataReferences { deps.append(contentsOf: targets(of: path)) }
            edges[node.id] = deps
        }
        var state: [Int: Int] = [:]  // 1 visiting, 2 done
        var stack: [RuleNode] = []
        var reported = Set<Int>()
        func visit(_ n: RuleNode) {
            state[n.id] = 1
            stack.append(n)
            for d in edges[n.id] ?? [] {
                if state[d.id] == 1 {
                    if !reported.contains(d.id) {
                        reported.insert(d.id)
                        let start = stack.firstIndex { $0.id == d.id } ?? 0
                        let cycle = stack[start...].map(\.dottedName) + [d.dottedName]
                        let location = d.sources.first.map(self.location(of:))
                        errors.append(RegoError(code: RegoError.recursion, message: "rule \(d.dottedName) is recursive: \(cycle.joined(separator: " -> "))", location: location))
                    }
                } else if state[d.id] == nil {
                    visit(d)
                }
            }
            stack.removeLast()
            state[n.id] = 2
        }
        for n in nodes where state[n.id] == nil { visit(n) }
    }

    /// Nodes with rules that a `data` path may reach. A key known only at evaluation
    /// (`data[x].allow`) may be any child, so the path's further keys are followed under each.
    func targets(of path: [CTerm]) -> [RuleNode] {
        var out: [RuleNode] = []
        collectTargets(root, path[...], into: &out)
        return out
    }

    private func collectTargets(_ node: RuleNode, _ rest: ArraySlice<CTerm>, into out: inout [RuleNode]) {
        if node.hasRules {
            out.append(node)
            return
        }
        guard let element = rest.first else {
            node.walk { if $0.hasRules { out.append($0) } }
            return
        }
        if case .value(let key) = element {
            guard case .string(let s) = key, let next = node.children[s] else { return }
            collectTargets(next, rest.dropFirst(), into: &out)
        } else {
            for child in node.children.values { collectTargets(child, rest.dropFirst(), into: &out) }
        }
    }

    func collectRefs(_ rule: CompiledRule, _ refs: inout [[CTerm]]) {
        var terms: [CTerm] = [rule.value]
        switch rule.kind {
        case .partialObject(let keys), .partialSetObject(let keys): terms += keys
        case .function(let params): terms += params
        default: break
        }
        for t in terms { collectRefs(t, &refs) }
        collectRefs(rule.body, &refs)
        for e in rule.elses { collectRefs(e.value, &refs); collectRefs(e.body, &refs) }
    }

    func collectRefs(_ body: CBody, _ refs: inout [[CTerm]]) {
        for e in body {
            switch e.kind {
            case .term(let t): collectRefs(t, &refs)
            case .unify(let a, let b), .compare(_, let a, let b): collectRefs(a, &refs); collectRefs(b, &refs)
            case .someIn(let k, let v, let c):
                if let k { collectRefs(k, &refs) }
                collectRefs(v, &refs); collectRefs(c, &refs)
            case .every(let k, let v, let d, let b):
                if let k { collectRefs(k, &refs) }
                collectRefs(v, &refs); collectRefs(d, &refs); collectRefs(b, &refs)
            case .noop: break
            }
            for w in e.withs {
                collectRefs(w.value, &refs)
                if case .function(let path)? = w.replacement { refs.append(path.map { .value(.string($0)) }) }
            }
        }
    }

    func collectRefs(_ t: CTerm, _ refs: inout [[CTerm]]) {
        switch t {
        case .value, .local, .input: break
        case .data(let path):
            refs.append(path)
            for p in path { collectRefs(p, &refs) }
        case .ref(let h, let path):
            collectRefs(h, &refs)
            for p in path { collectRefs(p, &refs) }
        case .call(let target, let args, _):
            if case .function(let path) = target { refs.append(path.map { .value(.string($0)) }) }
            for a in args { collectRefs(a, &refs) }
        case .array(let items), .set(let items): for i in items { collectRefs(i, &refs) }
        case .object(let pairs): for (k, v) in pairs { collectRefs(k, &refs); collectRefs(v, &refs) }
        case .arrayComprehension(let h, let b), .setComprehension(let h, let b):
            collectRefs(h, &refs); collectRefs(b, &refs)
        case .objectComprehension(let k, let v, let b):
            collectRefs(k, &refs); collectRefs(v, &refs); collectRefs(b, &refs)
        }
    }
}
