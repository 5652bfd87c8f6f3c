import RegoValue

/// `graph.reachable` and `graph.reachable_paths` over a graph given as an object: each key a node,
/// its value the node's neighbours (an array or a set; any other value, `null` say, gives none). A
/// node that is not a key of the graph is reached by no one and reaches nothing.
enum GraphBuiltins {
    static let all: [Builtin] = [
        Builtin("graph.reachable", [.object, .oneOf([.array, .set])], .set, category: "graph") { args throws(BuiltinError) in
            let graph = try args.object(0)
            var queue = try args.elements(1)
            var reached = Set<Value>()
            var order: [Value] = []
            var next = 0
            while next < queue.count {
                let node = queue[next]
                next += 1
                guard !reached.contains(node), let edges = graph[node] else { continue }
                reached.insert(node)
                order.append(node)
                queue += neighbours(edges).filter { !reached.contains($0) }
            }
            return .set(RegoSet(order))
        },
        Builtin("graph.reachable_paths", [.object, .oneOf([.array, .set])], .set, category: "graph") { args throws(BuiltinError) in
            let graph = try args.object(0)
            var paths: [Value] = []
            // Depth first with a stack of frames (a long chain would overflow a recursion), one path
            // extended and cut back as the walk goes: a path ends where a node has no neighbours,
            // where the next node is already on it (a cycle), or where it is not in the graph.
            var path: [Value] = []
            var onPath = Set<Value>()
            var frames: [(neighbours: [Value], next: Int)] = []
            func enter(_ node: Value, _ edges: Value) {
                path.append(node)
                onPath.insert(node)
                let next = neighbours(edges)
                frames.append((next, 0))
                if next.isEmpty { paths.append(.array(path)) }
            }
            for start in try args.elements(1) {
                guard let edges = graph[start] else { continue }
                enter(start, edges)
                while let top = frames.last {
                    guard top.next < top.neighbours.count else {
                        frames.removeLast()
                        onPath.remove(path.removeLast())
                        continue
                    }
                    frames[frames.count - 1].next += 1
                    let node = top.neighbours[top.next]
                    if let edges = graph[node], !onPath.contains(node) {
                        enter(node, edges)
                    } else {
                        paths.append(.array(path))
                    }
                }
            }
            return .set(RegoSet(paths))
        },
    ]

    /// A node's neighbours: the elements of an array or a set; none for any other value.
    static func neighbours(_ edges: Value) -> [Value] {
        switch edges {
        case .array(let array): return array
        case .set(let set): return set.elements
        default: return []
        }
    }
}
