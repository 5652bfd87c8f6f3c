import RegoSyntax
import RegoValue

/// One solution of a query: each expression's value and the named variables' bindings.
public struct QueryResult: Sendable {
    public var expressions: [Value]
    /// Bindings in the order the variables first appear in the query.
    public var bindings: [(name: String, value: Value)]
}

/// Options for one evaluation.
public struct EvaluationOptions: Sendable {
    /// Builtin errors abort evaluation instead of making the call undefined.
    public var strictBuiltinErrors = false
    /// Wall-clock limit in nanoseconds (nil: none).
    public var timeoutNanoseconds: UInt64?

    public init(strictBuiltinErrors: Bool = false, timeoutNanoseconds: UInt64? = nil) {
        self.strictBuiltinErrors = strictBuiltinErrors
        self.timeoutNanoseconds = timeoutNanoseconds
    }
}

/// A query compiled once against a policy set and evaluated many times.
///
/// ```swift
/// let policy = try PolicySet(modules: [RegoParser.parseModule(text, file: "authz.rego")], data: data)
/// let query = try PreparedQuery("data.authz.allow", policy: policy)
/// let results = try query.evaluate(input: input)
/// ```
public struct PreparedQuery: Sendable {
    public private(set) var policy: PolicySet
    let body: CBody
    let frameSize: Int
    let outputs: [(name: String, slot: Int)]
    let expressionSlots: [Int]
    /// The source text of each expression, for `opa eval`-style output.
    public let expressionTexts: [String]
    public let expressionLocations: [Location]

    /// Compiles a query (`data.x.allow`, `x := input.a; x > 1`).
    public init(_ text: String, policy: PolicySet) throws(RegoErrors) {
        let parsed = try RegoParser.parseQuery(text, file: "")
        try self.init(body: parsed, text: text, policy: policy)
    }

    public init(body parsed: Body, text: String, policy: PolicySet) throws(RegoErrors) {
        self.policy = policy
        var context = BodyContext(builtins: policy.builtins, functionArity: policy.functionArity, query: true)
        let compiled = context.compileBody(parsed, bound: [])
        if !context.errors.isEmpty { throw RegoErrors(context.errors) }
        var names: [(String, Int)] = []
        var seen = Set<String>()
        for (slot, name) in context.slotNames.enumerated()
        where context.slotDepth[slot] == 0 && !name.hasPrefix("$") && !seen.contains(name) {
            seen.insert(name)
            names.append((name, slot))
        }
        // Expression values go into extra slots, in source order.
        var slots: [Int] = []
        var next = context.frameSize
        var order: [Int] = []
        for (i, e) in compiled.enumerated() { _ = e; order.append(i) }
        let bySource = compiled.indices.sorted { a, b in
            let la = compiled[a].location, lb = compiled[b].location
            return (la.line, la.column) < (lb.line, lb.column)
        }
        for i in bySource {
            compiled[i].valueSlot = next
            slots.append(next)
            next += 1
        }
        body = compiled
        frameSize = next
        outputs = names
        expressionSlots = slots
        let locations = bySource.map { compiled[$0].location }
        expressionLocations = locations
        expressionTexts = PreparedQuery.texts(of: text, at: locations)
    }

    /// The same query over a policy set with other base documents (compiled from the same modules).
    public func rebound(to policy: PolicySet) -> PreparedQuery {
        var copy = self
        copy.policy = policy
        return copy
    }

    /// Cuts the query text into one piece per expression.
    static func texts(of text: String, at locations: [Location]) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        func offset(_ l: Location) -> (Int, Int) { (max(0, l.line - 1), max(0, l.column - 1)) }
        var out: [String] = []
        for (i, l) in locations.enumerated() {
            let (line, column) = offset(l)
            let end = i + 1 < locations.count ? offset(locations[i + 1]) : (lines.count - 1, Int.max)
            var chars: [Character] = []
            var ln = line, col = column
            while ln < lines.count && (ln < end.0 || (ln == end.0 && col < end.1)) {
                if col < lines[ln].count { chars.append(lines[ln][col]); col += 1 } else { chars.append("\n"); ln += 1; col = 0 }
            }
            var s = String(chars)
            while let last = s.last, last == ";" || last.isWhitespace { s.removeLast() }
            out.append(s.trimmingLeadingSpace())
        }
        return out
    }

    /// Evaluates the query; each solution is one result (an empty array means undefined).
    public func evaluate(input: Value?, options: EvaluationOptions = EvaluationOptions(),
                         context: BuiltinContext = SimpleBuiltinContext()) throws(RegoError) -> [QueryResult] {
        let deadline = options.timeoutNanoseconds.map { SystemClock.monotonicNanoseconds() + $0 }
        let evaluator = Evaluator(policy: policy, input: input, strict: options.strictBuiltinErrors, context: context, deadline: deadline)
        let frame = Frame(size: frameSize)
        var results: [QueryResult] = []
        do {
            _ = try evaluator.evalBody(body, 0, frame) {
                var bindings: [(String, Value)] = []
                for (name, slot) in outputs { if let v = frame.slots[slot] { bindings.append((name, v)) } }
                let expressions = expressionSlots.map { frame.slots[$0] ?? .bool(true) }
                results.append(QueryResult(expressions: expressions, bindings: bindings))
                return true
            }
        } catch let error as RegoError {
            throw error
        } catch {
            throw RegoError(code: "internal_error", message: "\(error)", location: nil)
        }
        return results
    }
}

extension String {
    func trimmingLeadingSpace() -> String {
        String(drop { $0.isWhitespace })
    }
}
