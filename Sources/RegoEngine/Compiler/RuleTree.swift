import RegoSyntax
import RegoValue

/// One node of the virtual document tree: the rules defined at `data.<path>` and child nodes.
///
/// Built by the compiler and never mutated afterwards, which is what makes sharing it across
/// concurrent evaluations safe.
final class RuleNode: @unchecked Sendable {
    let id: Int
    let path: [String]
    var children: [String: RuleNode] = [:]
    var rules: [CompiledRule] = []
    var defaultRule: CompiledRule?
    /// An index of `rules` by the input equalities they test, when that pays off.
    var index: RuleIndex?
    /// Source rules before compilation, with the module each came from; emptied once the policy
    /// set is compiled, so the syntax trees are not kept beside the compiled rules.
    var sources: [(rule: Rule, module: Module, dynamicKeys: [Term])] = []
    /// Where the first rule of this node is written (for errors raised while evaluating it).
    var location: Location?

    init(id: Int, path: [String]) {
        self.id = id
        self.path = path
    }

    var isFunction: Bool {
        if let first = rules.first ?? defaultRule, case .function = first.kind { return true }
        return false
    }

    var hasRules: Bool { !rules.isEmpty || defaultRule != nil }

    var dottedName: String { (["data"] + path).joined(separator: ".") }

    /// Every node in this subtree, this one first.
    func walk(_ visit: (RuleNode) -> Void) {
        visit(self)
        for child in children.values { child.walk(visit) }
    }
}
