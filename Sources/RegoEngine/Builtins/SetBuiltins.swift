import RegoValue

/// Set builtins: `and` (`&`), `or` (`|`), and `intersection` / `union` of a set of sets.
enum SetBuiltins {
    static let all: [Builtin] = [
        Builtin("and", [.set, .set], .set, category: "sets") { args throws(BuiltinError) in
            let a = try args.set(0), b = try args.set(1)
            return .set(a.intersection(b))
        },
        Builtin("or", [.set, .set], .set, category: "sets") { args throws(BuiltinError) in
            let a = try args.set(0), b = try args.set(1)
            return .set(a.union(b))
        },
        Builtin("intersection", [.set], .set, category: "sets") { args throws(BuiltinError) in
            let sets = try members(args)
            guard var result = sets.first else { return .emptySet }
            for s in sets.dropFirst() {
                if result.isEmpty { break }
                result = result.intersection(s)
            }
            return .set(result)
        },
        Builtin("union", [.set], .set, category: "sets") { args throws(BuiltinError) in
            var result = RegoSet()
            for s in try members(args) { result = result.union(s) }
            return .set(result)
        },
    ]

    /// The elements of operand 1, each of which must be a set.
    static func members(_ args: Arguments) throws(BuiltinError) -> [RegoSet] {
        let outer = try args.set(0)
        var sets: [RegoSet] = []
        sets.reserveCapacity(outer.count)
        for element in outer {
            guard case .set(let s) = element else {
                throw .type("operand 1 must be set of sets but got set containing \(element.typeName)")
            }
            sets.append(s)
        }
        return sets
    }
}
