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
    /// Where this node's rules are in the modules being compiled; emptied once the policy set is
    /// compiled.
    var sources: [RuleSource] = []
    /// The `data` references its rules make, for the recursion check; emptied with `sources`.
    var dataReferences: [[CTerm]] = []
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

/// One rule of a node as the compiler finds it: its module and its position there (by number, so
/// gathering ten thousand rules copies no syntax tree), and the dynamic keys of its head.
struct RuleSource: Sendable {
    let module: Int
    let rule: Int
    let dynamicKeys: [Term]
}
