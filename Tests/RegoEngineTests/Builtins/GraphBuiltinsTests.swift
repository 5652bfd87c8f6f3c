import Testing
import RegoValue
@testable import RegoEngine

/// `graph.reachable` and `graph.reachable_paths` beyond OPA's conformance cases (which the ratchet
/// runs): nodes outside the graph, cycles, several paths, long chains, and operand errors.
@Suite struct GraphBuiltinsTests {
    let graph: Value = ["a": ["b", "c"], "b": .set(RegoSet(["d"])), "c": ["d", "a"], "d": [], "e": .null, "f": ["zzz"]]

    @Test func reachableFollowsEdgesAndSkipsNodesOutsideTheGraph() throws {
        #expect(try call("graph.reachable", graph, ["b"]) == .set(RegoSet(["b", "d"])))
        #expect(try call("graph.reachable", graph, .set(RegoSet(["c"]))) == .set(RegoSet(["a", "b", "c", "d"])))
        // A start or a neighbour that is not a key is not reached; a null value has no edges.
        #expect(try call("graph.reachable", graph, ["zzz", "e", "f"]) == .set(RegoSet(["e", "f"])))
        #expect(try call("graph.reachable", graph, []) == .set(RegoSet()))
    }

    @Test func pathsEndAtLeavesCyclesAndUnknownNodes() throws {
        let paths = try call("graph.reachable_paths", graph, ["a"])
        #expect(paths == .set(RegoSet([["a", "b", "d"], ["a", "c", "d"], ["a", "c"]])))
        #expect(try call("graph.reachable_paths", graph, ["f", "zzz"]) == .set(RegoSet([["f"]])))
        #expect(try call("graph.reachable_paths", graph, ["e"]) == .set(RegoSet([["e"]])))
    }

    @Test func aLongChainIsWalkedWithoutRecursion() throws {
        // 20,000 nodes, each pointing at the next: one path through all of them.
        let count = 20_000
        let chain = Value.object(RegoObject((0..<count).map { (i: Int) -> (String, Value) in ("n\(i)", i + 1 < count ? [.string("n\(i + 1)")] : []) }))
        guard case .set(let paths)? = try call("graph.reachable_paths", chain, ["n0"]), case .array(let path)? = paths.elements.first else {
            Issue.record("expected one path")
            return
        }
        #expect(paths.count == 1 && path.count == count && path.last == "n19999")
        guard case .set(let reached)? = try call("graph.reachable", chain, ["n10000"]) else { return }
        #expect(reached.count == 10_000)
    }

    @Test func operandsOfTheWrongTypeAreTypeErrors() {
        #expect(callError("graph.reachable", 1, ["a"])?.kind == .type)
        #expect(callError("graph.reachable", graph, "a")?.kind == .type)
        #expect(callError("graph.reachable_paths", graph, "a")?.message == "operand 2 must be one of {set, array} but got string")
    }
}
