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
    /// The modules being compiled (`RuleSource` points into them).
    var modules: [Module] = []
    /// Each module's names, once every module's rules are known.
    var moduleScopes: [BodyContext.ModuleScope] = []
    /// The modules' `# METADATA` annotations (nil when none has any).
    var annotations: AnnotationIndex?

    init(builtins: BuiltinRegistry) {
        self.builtins = builtins
    }

    /// Compiles modules; throws all compile errors sorted by location.
    mutating func compile(_ modules: [Module]) throws(RegoErrors) -> RuleNode {
        self.modules = modules
        for index in modules.indices { addModule(index) }
        if !errors.isEmpty { throw RegoErrors(errors) }
        moduleScopes = modules.map { BodyContext.ModuleScope($0, packageRules: packageRules) }
        if modules.contains(where: { !$0.annotations.isEmpty }) {
            let index = AnnotationIndex(modules: modules)
            errors += index.errors
            annotations = index
        }
        var nodes: [RuleNode] = []
        root.walk { nodes.append($0) }
        for node in nodes { compileNode(node) }
        if errors.isEmpty { checkRecursion() }
        if !errors.isEmpty { throw RegoErrors(errors) }
        for node in nodes {
            node.location = node.sources.first.map(location(of:))
            node.sources = []
            node.dataReferences = []
        }
        return root
    }

    /// Where a source rule is written.
    func location(of source: RuleSource) -> Location {
        modules[source.module].rules[source.rule].location
    }

    /// Rules from one node compiled on parallel threads once there are this many (generated policies
    /// put thousands of rules under one name). A rule takes several microseconds, so a few hundred
    /// make up for waking a thread; at 1,024, the bench bundle's node of 1,000 rules took 6–10 ms
    /// on one core with the other idle.
    static let parallelRules = 256

    /// A node's rules compiled, with what the compiling threads gathered from them.
    struct NodeCompilation {
        /// Each rule compiled with its errors, in source order.
        var rules: [(CompiledRule?, [RegoError])]
        /// The input equalities of the compiled rules other than the default one, part after part
        /// in source order (see `RuleIndex.Part`).
        var indexParts: [RuleIndex.Part]
        /// The `data` references the rules make, for the recursion check.
        var dataReferences: [[CTerm]]
    }

    /// What one thread gathers from the rules it compiled.
    struct ThreadGathering {
        var indexPart: RuleIndex.Part
        var dataReferences: [[CTerm]] = []

        /// Gathers from `rules`, in order.
        init(_ rules: [CompiledRule?], compiler: Compiler) {
            indexPart = RuleIndex.Part(rules: rules.count)
            for case let rule? in rules {
                if !rule.isDefault { indexPart.add(rule.body) }
                compiler.collectRefs(rule, &dataReferences)
            }
        }
    }

    /// Each rule compiled, in source order. A rule's compilation reads only values (the modules,
    /// the arities, the builtins), so a large node's rules are split between threads: pairs of
    /// threads take them from both ends of a range until they meet (`MeetingRange`). Each thread
    /// then gathers its run's equalities and `data` references, while the rules it compiled are in
    /// its core's cache.
    func compileRules(_ sources: [RuleSource]) -> NodeCompilation {
        let compiler = self
        @Sendable func compile(_ index: Int, _ interner: TermInterner) -> (CompiledRule?, [RegoError]) {
            let source = sources[index]
            var context = BodyContext(compiler: compiler, scope: compiler.moduleScopes[source.module])
            context.interner = interner
            context.moduleNumber = source.module
            context.ruleSource = source
            let compiled = context.compileRule(compiler.modules[source.module].rules[source.rule], dynamicKeys: source.dynamicKeys)
            return (compiled, context.errors)
        }
        let threads = sources.count >= Self.parallelRules ? min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8) : 1
        guard threads > 1 else {
            let interner = TermInterner(rules: sources.count)
            let rules = sources.indices.map { compile($0, interner) }
            let gathering = ThreadGathering(rules.map(\.0), compiler: compiler)
            return NodeCompilation(rules: rules, indexParts: [gathering.indexPart], dataReferences: gathering.dataReferences)
        }
        // Thread `t` works in range `t / 2`, from its start when `t` is even: each pair of threads
        // shares a range of two threads' worth of rules, and an odd thread out has one of its own.
        let ranges = stride(from: 0, to: threads, by: 2).map { first in
            MeetingRange((sources.count * first / threads)..<(sources.count * min(first + 2, threads) / threads))
        }
        var results = [(CompiledRule?, [RegoError])](repeating: (nil, []), count: sources.count)
        var gatherings: [ThreadGathering?] = Array(repeating: nil, count: threads)
        results.withUnsafeMutableBufferPointer { buffer in
            gatherings.withUnsafeMutableBufferPointer { gatheringBuffer in
                let out = DisjointSlots(buffer: buffer)
                let gathered = DisjointSlots(buffer: gatheringBuffer)
                DispatchQueue.concurrentPerform(iterations: threads) { thread in
                    let range = ranges[thread / 2]
                    let interner = TermInterner(rules: range.bounds.count / 2)
                    let mine = range.take(fromStart: thread % 2 == 0, block: 16) { index in
                        out.buffer[index] = compile(index, interner)
                    }
                    gathered.buffer[thread] = ThreadGathering(mine.map { out.buffer[$0].0 }, compiler: compiler)
                }
            }
        }
        let parts = gatherings.compactMap { $0 }
        return NodeCompilation(rules: results, indexParts: parts.map(\.indexPart), dataReferences: parts.flatMap(\.dataReferences))
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

    mutating func addModule(_ moduleIndex: Int) {
        let module = modules[moduleIndex]
        _ = node(at: module.package)
        // Generated modules put thousands of rules under one name: the node and the rule names of
        // the rule before are reused rather than looked up again.
        var previous: (path: [String], node: RuleNode)?
        var names = packageRules[module.package] ?? []
        var lastName: String?
        let rules = module.rules
        // Each rule's fields are read where they lie: copying a rule retains each of them.
        for ruleIndex in rules.indices {
            let ref = rules[ruleIndex].ref
            let functionArguments: [Term]?
            if case .function(let args) = rules[ruleIndex].kind { functionArguments = args } else { functionArguments = nil }
            // A one-name head like the rule before's (`allow if …` ten thousand times): the same
            // node, with no path made to find it.
            if functionArguments == nil, ref.count == 1, case .variable(let name) = ref[0].kind, name == lastName,
               let previous, previous.path.count == module.package.count + 1, previous.path.last == name {
                previous.node.sources.append(RuleSource(module: moduleIndex, rule: ruleIndex, dynamicKeys: []))
                continue
            }
            var staticPath = module.package
            var dynamic: [Term] = []
            for (i, part) in ref.enumerated() {
                if i == 0, case .variable(let name) = part.kind { staticPath.append(name); continue }
                if dynamic.isEmpty, case .scalar(.string(let s)) = part.kind {
                    // A ground string key at the end of a partial-set head stays a key.
                    staticPath.append(s)
                    continue
                }
                dynamic.append(part)
            }
            if functionArguments != nil, !dynamic.isEmpty {
                errors.append(RegoError(code: RegoError.parse, message: "function rules must have a static reference head", location: rules[ruleIndex].location))
                continue
            }
            let n: RuleNode
            if let previous, previous.path == staticPath { n = previous.node } else { n = node(at: staticPath) }
            previous = (staticPath, n)
            n.sources.append(RuleSource(module: moduleIndex, rule: ruleIndex, dynamicKeys: dynamic))
            if let first = ref.first, case .variable(let name) = first.kind, name != lastName {
                names.insert(name)
                lastName = name
            }
            if let args = functionArguments {
                let name = n.dottedName
                if let known = functionArity[name], known != args.count {
                    errors.append(RegoError(code: RegoError.type, message: "function \(name) has arity \(args.count), another definition has arity \(known)", location: rules[ruleIndex].location))
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
        var compilation = compileRules(node.sources)
        let results = compilation.rules
        node.dataReferences = compilation.dataReferences
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
                    errors.append(RegoError(code: RegoError.type, message: "multiple default rules \(node.dottedName) found", location: location(of: node.sources[index])))
                }
                node.defaultRule = compiled
            } else {
                node.rules.append(compiled)
            }
        }
        let parts = compilation.indexParts
        compilation.indexParts = []
        node.index = RuleIndex(parts: parts)
        if kinds.nonzeroBitCount > 1 && kinds != complete | object && kinds != set | object {
            errors.append(RegoError(code: RegoError.type, message: "conflicting rules \(node.dottedName) found", location: node.sources.first.map(location(of:))))
        }
        if node.hasRules, !node.children.isEmpty, node.rules.contains(where: { if case .complete = $0.kind { return true }; return false }) {
            // A complete rule and rules below it define the same document twice.
            var childHasRules = false
            for child in node.children.values { child.walk { if !$0.sources.isEmpty { childHasRules = true } } }
            if childHasRules {
                errors.append(RegoError(code: RegoError.type, message: "rule \(node.dottedName) conflicts with rules defined below it", location: node.sources.first.map(location(of:))))
            }
        }
    }
}
