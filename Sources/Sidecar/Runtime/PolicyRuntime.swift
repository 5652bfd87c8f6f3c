import DataStore
import DecisionLog
import Foundation
import Integration
import RegoEngine
import RegoSyntax
import RegoValue
import Synchronization

/// The compiled policy set the server answers from, rebuilt from store snapshots and swapped
/// atomically: a change that does not compile leaves the previous set answering.
public final class PolicyRuntime: Sendable {
    /// What one compiled generation holds.
    public struct State: Sendable {
        public var policy: PolicySet
        public var revision: Int
        /// Hash of the policy texts (hex), for the decision log and `/health`.
        public var policyHash: String
        public var policyTexts: [String: String]
        /// Errors of the newest snapshot that did not compile (empty when it did).
        public var pendingErrors: [RegoError]
        /// Whether any policy set ever compiled.
        public var loaded: Bool
        /// Whether some policy defines rules under `data.system.log` (decision-log masking).
        public var hasSystemLog = false
    }

    private let state: Mutex<State>
    /// Counts the changes of `state`, stored after each: a caller that kept a state and saw the
    /// same count since has the current one (`DecisionLane` keeps one per connection).
    private let changes = Atomic(0)
    /// Prepared `data.<path>` queries of the current revision, by path.
    private struct QueryCache {
        var revision = -1
        var byPath: [String: PreparedQuery] = [:]
    }
    private let queries = Mutex(QueryCache())
    /// Syntax trees kept by `update(from:holdingSyntaxTrees:)` until `releaseHeldSyntaxTrees(after:)`.
    let heldTrees = Mutex<[SyntaxTrees]>([])
    let metrics: SidecarMetrics

    init(metrics: SidecarMetrics) {
        self.metrics = metrics
        let empty = (try? PolicySet(modules: [])) ?? PolicySet.emptyFallback
        state = Mutex(State(policy: empty, revision: -1, policyHash: "", policyTexts: [:], pendingErrors: [], loaded: false))
    }

    public var current: State { state.withLock { $0 } }

    /// How many times the state has changed; read it before `current`.
    var generation: Int { changes.load(ordering: .acquiring) }

    /// Changes the state, then counts the change.
    private func change(_ body: (inout State) -> Void) {
        state.withLock { s in
            body(&s)
            changes.add(1, ordering: .releasing)
        }
    }

    /// Parses and compiles the snapshot's policies over its data. Returns the errors when the
    /// snapshot did not compile (the previous policy set keeps answering).
    ///
    /// With `holdingSyntaxTrees`, the policies' syntax trees are kept until
    /// `releaseHeldSyntaxTrees(after:)` rather than freed on a background thread at once: the
    /// server's start holds them, so that freeing them (milliseconds of work on a second core, and
    /// an allocator busy merging what was freed) does not slow the server's own start.
    @discardableResult
    func update(from snapshot: Snapshot, holdingSyntaxTrees: Bool = false) -> [RegoError] {
        let texts = snapshot.allPolicies
        let previous = current
        if previous.loaded, previous.policyTexts == texts {
            // Only data changed: keep the compiled rules, swap the base documents.
            change { s in
                s.policy = s.policy.replacingData(snapshot.data)
                s.revision = snapshot.revision
            }
            return []
        }
        let (result, trees) = PolicyRuntime.load(texts, data: snapshot.data)
        if holdingSyntaxTrees {
            if let trees { heldTrees.withLock { $0.append(trees) } }
        } else {
            trees?.freeInBackground()
            PolicyRuntime.returnFreedMemory()
        }
        switch result {
        case .success(let policy):
            change { s in
                s = State(policy: policy, revision: snapshot.revision, policyHash: PolicyRuntime.hash(texts),
                          policyTexts: texts, pendingErrors: [], loaded: true,
                          hasSystemLog: policy.packages.contains { $0.starts(with: ["system", "log"]) })
            }
            metrics.recordReload(success: true)
            return []
        case .failure(let errors):
            change { s in
                s.pendingErrors = errors.errors
                if s.loaded { s.policy = s.policy.replacingData(snapshot.data) }
                s.revision = snapshot.revision
            }
            metrics.recordReload(success: false)
            return errors.errors
        }
    }

    /// Hands the heap pages that parsing and compiling used and freed back to the system: the
    /// allocator keeps them otherwise, and a large policy set's temporaries would stay resident.
    static func returnFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// Frees the syntax trees that `update(from:holdingSyntaxTrees:)` held, on a background thread
    /// once `delay` seconds have passed.
    func releaseHeldSyntaxTrees(after delay: Double) {
        for trees in heldTrees.withLock({ held in defer { held = [] }; return held }) { trees.freeInBackground(after: delay) }
    }

    /// Compiles policy texts (by id) over data.
    static func compile(_ texts: [String: String], data: Value) -> Result<PolicySet, RegoErrors> {
        let (result, trees) = load(texts, data: data)
        trees?.freeInBackground()
        return result
    }

    /// Compiles policy texts (by id) over data: the policy set, and the syntax trees to free.
    private static func load(_ texts: [String: String], data: Value) -> (Result<PolicySet, RegoErrors>, SyntaxTrees?) {
        AllocatorSettings.forLoading()
        let (result, trees) = parseAndCompile(texts, data: data)
        // The heaps shrink again before the syntax trees are freed, so that freeing them hands pages back.
        AllocatorSettings.afterLoading()
        return (result, trees)
    }

    /// The policy set of `texts`, and their syntax trees to free (none when a text did not parse).
    private static func parseAndCompile(_ texts: [String: String], data: Value) -> (Result<PolicySet, RegoErrors>, SyntaxTrees?) {
        var modules: [Module] = []
        var errors: [RegoError] = []
        for parsed in RegoParser.parseModules(texts.keys.sorted().map { (texts[$0] ?? "", $0) }) {
            switch parsed {
            case .success(let module): modules.append(module)
            case .failure(let failure): errors.append(contentsOf: failure.errors)
            }
        }
        if !errors.isEmpty { return (.failure(RegoErrors(errors)), nil) }
        let parsed = SyntaxTrees(modules)
        modules = []
        return (Result { () throws(RegoErrors) in try PolicySet(modules: parsed.modules, data: data, builtins: .tollgate) }, parsed)
    }

    /// Parsed modules, held only until they are compiled: freeing a large policy's syntax trees
    /// takes milliseconds, which a background thread spends instead of the start-up or reload that
    /// is waiting, and then hands the freed pages back to the system.
    final class SyntaxTrees: @unchecked Sendable {
        // Unchecked: `modules` is read by the compiling thread, then only written by the freeing one.
        private(set) var modules: [Module]

        init(_ modules: [Module]) { self.modules = modules }

        /// Frees the trees on a background thread, once `delay` seconds have passed, and hands the
        /// freed pages back to the system.
        func freeInBackground(after delay: Double = 0) {
            DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + delay) {
                self.modules = []
                PolicyRuntime.returnFreedMemory()
            }
        }
    }

    /// A prepared query for `data.<path>` against the current policy set (cached per revision).
    func query(forDataPath path: [String], state: State) throws(RegoErrors) -> PreparedQuery {
        let key = path.joined(separator: "/")
        let revision = state.revision
        let cached: PreparedQuery? = queries.withLock { cache in
            if cache.revision != revision {
                cache.byPath.removeAll(keepingCapacity: true)
                cache.revision = revision
                return nil
            }
            return cache.byPath[key]
        }
        if let cached { return cached }
        let prepared = try PreparedQuery(PolicyRuntime.queryText(path), policy: state.policy)
        queries.withLock { cache in if cache.revision == revision { cache.byPath[key] = prepared } }
        return prepared
    }

    /// `data.a.b` for plain identifiers, `data["a-b"]` otherwise.
    static func queryText(_ path: [String]) -> String {
        var text = "data"
        for part in path {
            if let first = part.unicodeScalars.first, (first == "_" || CharacterSet.letters.contains(first)),
               part.unicodeScalars.allSatisfy({ $0 == "_" || CharacterSet.alphanumerics.contains($0) }),
               !RegoKeywords.all.contains(part) {
                text += "." + part
            } else {
                text += "[" + Value.string(part).jsonText + "]"
            }
        }
        return text
    }

    /// The policy set's SHA-256, in hex: of each policy's id, a NUL byte, its text and a NUL byte,
    /// in the order of the ids. Decision records carry it as `policy_hash`, so that an auditor can
    /// tie a decision to the exact policy texts that made it; the CPU's SHA instructions hash a
    /// megabyte of policy in about half a millisecond.
    static func hash(_ texts: [String: String]) -> String {
        var hasher = SHA256.Hasher()
        let separator: [UInt8] = [0]
        for id in texts.keys.sorted() {
            var id = id, text = texts[id] ?? ""
            id.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
            hasher.update(separator)
            text.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
            hasher.update(separator)
        }
        return SHA256.hex(digest: hasher.finalize())
    }
}

/// Rego's reserved words, which cannot follow a `.` in a query built from a URL path.
enum RegoKeywords {
    static let all: Set<String> = ["as", "default", "else", "every", "false", "if", "import", "in", "not", "null", "package", "some", "true", "with", "contains"]
}


extension PolicySet {
    /// An empty policy set, when even compiling nothing failed (it cannot).
    static var emptyFallback: PolicySet {
        preconditionFailure("compiling an empty module list cannot fail")
    }
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)`, which the Glibc module does not export.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
