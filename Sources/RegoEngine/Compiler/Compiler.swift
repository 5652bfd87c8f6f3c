import Dispatch
import Foundation
import RegoSyntax
import RegoValue

/// Compiles parsed modules into a `PolicySet`: builds the rule tree, resolves names, numbers
/// variables into frame slots, orders body expressions for safety and rejects recursion.
struct Compiler {
    let builtins: BuiltinRegistry
    var root = RuleNode(id: 0, path: [])
    var nodeCount = 1
    var errors: [RegoError] = []
    /// Rule names (first head segment) defined per package path.
    var packageRules: [[String]: Set<String>] = [:]
    /// Function arities by dotted name (`data.a.f`).
    var functionArity: [String: Int] = [:]
    /// Whether any rule calls `print`.
    var prints = false

    init(builtins: BuiltinRegistry) {
        self.builtins = builtins
    }

    /// Compiles modules; throws all compile errors sorted by location.
    mutating func compile(_ modules: [Module]) throws(RegoErrors) -> RuleNode {
        for module in modules { addModule(module) }
        if !errors.isEmpty { throw RegoErrors(errors) }
        var nodes: [RuleNode] = []
        root.walk { nodes.append($0) }
        for node in nodes { compileNode(node) }
        if errors.isEmpty { checkRecursion() }
        if !errors.isEmpty { throw RegoErrors(errors) }
        for node in nodes {
            node.location = node.sources.first?.rule.location
            node.sources = []
        }
        return root
    }

    /// Rules from one node compiled on parallel threads once there are this many (generated policies
    /// put thousands of rules under one name).
    static let parallelRules = 1024

    /// Each rule compiled with its errors, in source order. A rule's compilation reads only values
    /// (the module, the arities, the builtins), so a large node's rules are split between threads.
    func compileRules(_ sources: [(rule: Rule, module: Module, dynamicKeys: [Term])]) -> [(CompiledRule?, [RegoError])] {
        let compiler = self
        @Sendable func compile(_ index: Int, _ interner: TermInterner) -> (CompiledRule?, [RegoError]) {
            let (rule, module, dynamic) = sources[index]
            var context = BodyContext(compiler: compiler, module: module)
            context.interner = interner
            let compiled = context.compileRule(rule, dynamicKeys: dynamic)
            return (compiled, context.errors)
        }
        guard sources.count >= Self.parallelRules else {
            let interner = TermInterner(rules: sources.count)
            return sources.indices.map { compile($0, interner) }
        }
        let threads = min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8)
        guard threads > 1 else {
            let interner = TermInterner(rules: sources.count)
            return sources.indices.map { compile($0, interner) }
        }
        var results = [(CompiledRule?, [RegoError])](repeating: (nil, []), count: sources.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = DisjointSlots(buffer: buffer)
            let chunk = (sources.count + threads - 1) / threads
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let interner = TermInterner(rules: chunk)
                for index in (part * chunk)..<min(sources.count, (part + 1) * chunk) { out.buffer[index] = compile(index, interner) }
            }
        }
        return results
    }

    /// Result slots filled by parallel threads. `@unchecked Sendable`: each thread writes only its own
    /// range of indices, and `concurrentPerform` returns only once every thread is done, while the
    /// buffer is still alive.
    struct DisjointSlots<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
    }

    // MARK: - Building the tree

    mutating func node(at path: [String]) -> RuleNode {
        var current = root
        for (i, part) in path.enumerated() {
            if let next = current.children[part] { current = next; continue }
            let next = RuleNode(id: nodeCount, path: Array(path[0...i]))
            nodeCount += 1
            current.children[part] = next
            current = next
        }
        return current
    }

    mutating func addModule(_ module: Module) {
        _ = node(at: module.package)
        // Generated modules put thousands of rules under one name: the node and the rule names of
        // the rule before are reused rather than looked up again.
        var previous: (path: [String], node: RuleNode)?
        var names = packageRules[module.package] ?? []
        var lastName: String?
        for rule in module.rules {
            var staticPath = module.package
            var dynamic: [Term] = []
            for (i, part) in rule.ref.enumerated() {
                if i == 0, case .variable(let name) = part.kind { staticPath.append(name); continue }
                if dynamic.isEmpty, case .scalar(.string(let s)) = part.kind {
                    // A ground string key at the end of a partial-set head stays a key.
                    staticPath.append(s)
                    continue
                }
                dynamic.append(part)
            }
            if case .function = rule.kind, !dynamic.isEmpty {
                errors.append(RegoError(code: RegoError.parse, message: "function rules must have a static reference head", location: rule.location))
                continue
            }
            let n: RuleNode
            if let previous, previous.path == staticPath { n = previous.node } else { n = node(at: staticPath) }
            previous = (staticPath, n)
            n.sources.append((rule, module, dynamic))
            if let first = rule.ref.first, case .variable(let name) = first.kind, name != lastName {
                names.insert(name)
                lastName = name
            }
            if case .function(let args) = rule.kind {
                let name = n.dottedName
                if let known = functionArity[name], known != args.count {
                    errors.append(RegoError(code: RegoError.type, message: "function \(name) has arity \(args.count), another definition has arity \(known)", location: rule.location))
                }
                functionArity[name] = args.count
            }
        }
        if !names.isEmpty { packageRules[module.package] = names }
    }

    mutating func compileNode(_ node: RuleNode) {
        // Which kinds of rule the node has, one bit each.
        let complete: UInt8 = 1, set: UInt8 = 2, object: UInt8 = 4, function: UInt8 = 8
        var kinds: UInt8 = 0
        let results = compileRules(node.sources)
        node.rules.reserveCapacity(results.count)
        for index in results.indices {
            let (compiled, ruleErrors) = results[index]
            if !ruleErrors.isEmpty { errors.append(contentsOf: ruleErrors) }
            guard let compiled else { continue }
            if compiled.prints { prints = true }
            switch compiled.kind {
            case .complete: kinds |= complete
            case .partialSet: kinds |= set
            case .partialObject, .partialSetObject: kinds |= object
            case .function: kinds |= function
            }
            if compiled.isDefault {
                if node.defaultRule != nil {
                    errors.append(RegoError(code: RegoError.type, message: "multiple default rules \(node.dottedName) found", location: node.sources[index].rule.location))
                }
                node.defaultRule = compiled
            } else {
                node.rules.append(compiled)
            }
        }
        node.index = RuleIndex(rules: node.rules)
        if kinds.nonzeroBitCount > 1 && kinds != complete | object && kinds != set | object {
            let location = node.sources.first?.rule.location
            errors.append(RegoError(code: RegoError.type, message: "conflicting rules \(node.dottedName) found", location: location))
        }
        if node.hasRules, !node.children.isEmpty, node.rules.contains(where: { if case .complete = $0.kind { return true }; return false }) {
            // A complete rule and rules below it define the same document twice.
            var childHasRules = false
            for child in node.children.values { child.walk { if !$0.sources.isEmpty { childHasRules = true } } }
            if childHasRules {
                errors.append(RegoError(code: RegoError.type, message: "rule \(node.dottedName) conflicts with rules defined below it", location: node.sources.first?.rule.location))
            }
        }
    }
}
