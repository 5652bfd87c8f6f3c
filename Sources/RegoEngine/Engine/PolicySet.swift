import RegoSyntax
import RegoValue

/// Compiled policies plus base data: immutable, shared by every evaluation.
public struct PolicySet: Sendable {
    let root: RuleNode
    /// The base documents (`data` without rules).
    public let data: Value
    /// Function nodes by dotted path below `data` (`"lib.f"`).
    let functions: [String: RuleNode]
    let functionArity: [String: Int]
    /// Number of rule-tree nodes (node ids are 0..<nodeCount).
    let nodeCount: Int
    /// Whether any rule calls `print`: then every iteration shows in what it prints, and partial
    /// sets are always built before they are iterated (`Evaluator.producedSet`).
    let prints: Bool
    public let builtins: BuiltinRegistry
    /// The package of each compiled module, in the order given (the syntax trees themselves are
    /// not kept once compiled).
    public let packages: [[String]]

    /// Compiles modules over base data. Throws every compile error, sorted by location.
    public init(modules: [Module], data: Value = .object(RegoObject()), builtins: BuiltinRegistry = .standard) throws(RegoErrors) {
        var compiler = Compiler(builtins: builtins)
        root = try compiler.compile(modules)
        self.data = data
        var functions: [String: RuleNode] = [:]
        root.walk { node in if node.isFunction { functions[node.path.joined(separator: ".")] = node } }
        self.functions = functions
        functionArity = compiler.functionArity
        nodeCount = compiler.nodeCount
        prints = compiler.prints
        self.builtins = builtins
        packages = modules.map(\.package)
    }

    private init(copying other: PolicySet, data: Value) {
        root = other.root
        self.data = data
        functions = other.functions
        functionArity = other.functionArity
        nodeCount = other.nodeCount
        prints = other.prints
        builtins = other.builtins
        packages = other.packages
    }

    /// The same compiled policies over other base documents (no recompilation).
    public func replacingData(_ data: Value) -> PolicySet {
        PolicySet(copying: self, data: data)
    }
}
