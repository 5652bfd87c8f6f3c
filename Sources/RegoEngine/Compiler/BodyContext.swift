import RegoSyntax
import RegoValue

/// Compiles one rule or query: resolves names, numbers variables into slots of one frame, and
/// orders each body so that every variable is bound before it is needed.
struct BodyContext {
    let builtins: BuiltinRegistry
    let package: [String]
    let packageRules: Set<String>
    /// Import alias → imported path (`["data", "a", "b"]`, `["input", "x"]`).
    var imports: [String: [String]] = [:]
    let functionArity: [String: Int]
    let isQuery: Bool

    var scopes: [[String: Int]] = [[:]]
    /// Scope depth at which each slot was declared.
    var slotDepth: [Int] = []
    var slotNames: [String] = []
    var errors: [RegoError] = []
    /// Slots bound before the body runs (function parameters).
    var preBound: Set<Int> = []
    /// Shares constant terms with the other rules this thread compiles (nil for queries).
    var interner: TermInterner?
    /// The number of the module compiled from (nil for queries): with the interner, it keys the
    /// call targets of plain names resolved for that module's rules.
    var moduleNumber: Int?
    /// Whether a call to `print` was compiled.
    var callsPrint = false
    /// The rule being compiled, and the modules' annotations, for `rego.metadata.rule()` and
    /// `rego.metadata.chain()`.
    var ruleSource: RuleSource?
    var annotations: AnnotationIndex?
    var modules: [Module] = []

    /// A context for a rule of the module whose names resolve in `scope`.
    init(compiler: Compiler, scope: ModuleScope) {
        builtins = compiler.builtins
        package = scope.package
        packageRules = scope.packageRules
        imports = scope.imports
        functionArity = compiler.functionArity
        isQuery = false
        annotations = compiler.annotations
        modules = compiler.modules
    }

    /// The value of `rego.metadata.rule()` or `rego.metadata.chain()` in the rule being compiled
    /// (`{}` and `[]` in a query, which no annotation reaches); nil for any other call.
    func metadataValue(_ name: String) -> Value? {
        guard name == "rego.metadata.rule" || name == "rego.metadata.chain" else { return nil }
        let isRule = name == "rego.metadata.rule"
        guard let source = ruleSource else { return isRule ? .emptyObject : .array([]) }
        let key = AnnotationIndex.RuleKey(module: source.module, rule: source.rule)
        let annotations = self.annotations ?? AnnotationIndex(modules: [])
        return isRule ? annotations.ruleValue(key) : annotations.chain(key, module: modules[source.module])
    }

    /// What a module's rules resolve names against: its package, the package's rule names and its
    /// `data` and `input` imports by alias. Made once per module, not once per rule (a lookup of
    /// the package's names and a table of imports each).
    struct ModuleScope {
        let package: [String]
        let packageRules: Set<String>
        let imports: [String: [String]]

        init(_ module: Module, packageRules: [[String]: Set<String>]) {
            package = module.package
            self.packageRules = packageRules[module.package] ?? []
            var imports: [String: [String]] = [:]
            for imp in module.imports {
                guard let head = imp.path.first, head == "data" || head == "input" else { continue }
                let alias = imp.alias ?? (imp.path.count > 1 ? imp.path[imp.path.count - 1] : head)
                imports[alias] = imp.path
            }
            self.imports = imports
        }
    }

    init(builtins: BuiltinRegistry, functionArity: [String: Int], query: Bool) {
        self.builtins = builtins
        package = []
        packageRules = []
        self.functionArity = functionArity
        isQuery = query
    }

    var frameSize: Int { slotDepth.count }
    var depth: Int { scopes.count - 1 }

    // MARK: - Scopes

    func lookup(_ name: String) -> Int? {
        for scope in scopes.reversed() { if let slot = scope[name] { return slot } }
        return nil
    }

    mutating func declare(_ name: String) -> Int {
        let slot = slotDepth.count
        slotDepth.append(depth)
        slotNames.append(name)
        scopes[scopes.count - 1][name] = slot
        return slot
    }

    /// Whether `name` is neither a variable in scope nor a global (`input`, `data`, an import, a
    /// rule of the package): a new variable. `input` and `data`, the commonest, are ruled out first.
    func isUndeclared(_ name: String) -> Bool {
        name != "input" && name != "data" && lookup(name) == nil && !isGlobal(name)
    }

    func isGlobal(_ name: String) -> Bool {
        name == "input" || name == "data" || imports[name] != nil || packageRules.contains(name)
    }

    mutating func error(_ code: String, _ message: String, _ location: Location) {
        errors.append(RegoError(code: code, message: message, location: location))
    }

    // MARK: - Rules

    mutating func compileRule(_ rule: Rule, dynamicKeys: [Term]) -> CompiledRule? {
        let rule = Self.hoistingComputedArguments(rule)
        var params: [CTerm] = []
        if case .function(let args) = rule.kind {
            for arg in args { declarePatternVars(arg) }
            params = args.map { compileTerm($0) }
            preBound = Set(0..<frameSize)
        }
        if rule.isDefault {
            guard rule.body.isEmpty else {
                error(RegoError.parse, "default rules must not have a body", rule.location)
                return nil
            }
        }
        let body = compileBody(rule.body, bound: preBound, comparisons: true)
        let bodyBound = preBound.union(boundAfter(body))
        var keys: [CTerm] = []
        for key in dynamicKeys {
            keys.append(compileHeadTerm(key, bound: bodyBound))
        }
        let value = rule.value.map { compileHeadTerm($0, bound: bodyBound) } ?? CTerm.true
        var elses: [(value: CTerm, body: CBody)] = []
        for clause in rule.elses {
            scopes.append([:])
            let elseBody = compileBody(clause.body, bound: preBound, comparisons: true)
            let elseBound = preBound.union(boundAfter(elseBody))
            let elseValue = clause.value.map { compileHeadTerm($0, bound: elseBound) } ?? CTerm.true
            elses.append((elseValue, elseBody))
            scopes.removeLast()
        }
        let kind: CompiledRule.Kind
        switch rule.kind {
        case .complete: kind = keys.isEmpty ? .complete : .partialObject(keys)
        case .partialSet: kind = keys.isEmpty ? .partialSet : .partialSetObject(keys)
        case .function: kind = .function(params)
        }
        return CompiledRule(kind: kind, value: value, body: body, elses: elses, frameSize: frameSize,
                            isDefault: rule.isDefault, location: rule.location,
                            // One value at most, so evaluation may stop at it: an `else` that iterates
                            // (`else := xs[_]`) may give several, which conflict.
                            constantValue: value.groundValue != nil && keys.isEmpty && elses.allSatisfy { $0.value.groundValue != nil },
                            prints: callsPrint)
    }

    /// `rule` with each function argument that computes a value (a call, such as a template string,
    /// or a comprehension) replaced by a fresh variable, which its body and each `else` body compare
    /// with that value (`f($"{x}") := 1 if { x := "a" }` takes the argument `"a"`): a computed term
    /// is no pattern to match the caller's value against, and the variables it uses may be bound
    /// only by the body, which orders the comparison after them.
    static func hoistingComputedArguments(_ rule: Rule) -> Rule {
        guard case .function(var args) = rule.kind, args.contains(where: isComputed) else { return rule }
        var rule = rule
        var comparisons: Body = []
        for index in args.indices where isComputed(args[index]) {
            let computed = args[index]
            let parameter = Term(.variable("$arg\(index)"), computed.location)
            args[index] = parameter
            comparisons.append(Expr(.unify(parameter, computed), location: computed.location))
        }
        rule.kind = .function(args: args)
        rule.body += comparisons
        for index in rule.elses.indices { rule.elses[index].body += comparisons }
        return rule
    }

    /// Whether `term` computes its value: a call or a comprehension.
    private static func isComputed(_ term: Term) -> Bool {
        switch term.kind {
        case .call, .arrayComprehension, .setComprehension, .objectComprehension: true
        default: false
        }
    }

    /// Compiles a head term; variables it uses must have been bound by the body.
    mutating func compileHeadTerm(_ term: Term, bound: Set<Int>) -> CTerm {
        var names: [(String, Location)] = []
        collectVarNames(term, into: &names)
        var iterating = Set<String>()
        collectPathVarNames(term, into: &iterating)
        for name in iterating where isUndeclared(name) { _ = declare(name) }
        for (name, location) in names where !iterating.contains(name) {
            if let slot = lookup(name) {
                if !bound.contains(slot) && slotDepth[slot] == depth && !preBound.contains(slot) {
                    error(RegoError.unsafeVar, "var \(displayName(name)) is unsafe", location)
                }
            } else if !isGlobal(name) {
                error(RegoError.unsafeVar, "var \(displayName(name)) is unsafe", location)
                _ = declare(name)
            }
        }
        return compileTerm(term)
    }

    /// Names of variables that stand directly in a reference's path (`xs[_]`), which iterate.
    func collectPathVarNames(_ term: Term, into names: inout Set<String>) {
        switch term.kind {
        case .ref(let head, let path):
            collectPathVarNames(head, into: &names)
            for p in path {
                if case .variable(let name) = p.kind { names.insert(name) } else { collectPathVarNames(p, into: &names) }
            }
        case .call(_, let args): for a in args { collectPathVarNames(a, into: &names) }
        case .array(let items), .set(let items): for i in items { collectPathVarNames(i, into: &names) }
        case .object(let pairs): for (k, v) in pairs { collectPathVarNames(k, into: &names); collectPathVarNames(v, into: &names) }
        default: break
        }
    }

    func displayName(_ name: String) -> String { name.hasPrefix("$_") ? "_" : name }
}
