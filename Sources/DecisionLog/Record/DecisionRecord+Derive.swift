import RegoValue

extension DecisionRecord {
    /// Derives `allowed` and `reasons` from a decision's result.
    ///
    /// `allowed` is the result when it is a boolean, else a result object's `allowed` (or `allow`)
    /// when that is a boolean, else nil (undefined, which callers treat as a deny). `reasons` are the
    /// strings of a result object's `reasons`, else of its `deny` (arrays or sets of strings; a single
    /// string counts as one reason).
    public static func derive(result: Value?) -> (allowed: Bool?, reasons: [String]) {
        guard let result else { return (nil, []) }
        if let b = result.boolValue { return (b, []) }
        guard let o = result.objectValue else { return (nil, []) }
        let allowed = o["allowed"]?.boolValue ?? o["allow"]?.boolValue
        let reasons = strings(in: o["reasons"]) ?? strings(in: o["deny"]) ?? []
        return (allowed, reasons)
    }

    /// The strings of an array, a set or a single string; nil when there is nothing of that shape.
    private static func strings(in value: Value?) -> [String]? {
        switch value {
        case .string(let s)?: return [s]
        case .array(let items)?: return items.compactMap { $0.stringValue }
        case .set(let items)?: return items.compactMap { $0.stringValue }
        default: return nil
        }
    }

    /// Who made the request: the string at `path` in the input (e.g. `["subject", "user"]`); when that
    /// holds a JWT (or a `Bearer` header), its `sub` claim; else the `sub` of a bearer token in
    /// `input.headers.authorization` or `input.attributes.request.http.headers.authorization` (Envoy).
    /// The token's signature is not checked: this labels a record, it authorizes nothing.
    public static func subject(from input: Value?, path: [String]?) -> String? {
        subject(from: input, at: path.map { [$0.map(Value.string)] } ?? [])
    }

    /// The identity at the first of `paths` (keys as values) that holds a string, a JWT there giving
    /// its `sub`; else the `sub` of a bearer token in the request's headers.
    public static func subject(from input: Value?, at paths: [[Value]]) -> String? {
        guard let input, case .object(let top) = input else { return nil }
        // Most inputs hold none of the keys the paths begin with: one pass over a small input's keys
        // rules them all out, where looking each up took a search apiece.
        if top.count <= 8 {
            let headerPaths = headerPaths
            let mayHold = top.keys.withUnsafeBufferPointer { keys in
                keys.contains { key in
                    guard case .string(let key) = key else { return false }
                    return paths.contains { path in path.first.map { sameString(key, $0) } ?? false }
                        || headerPaths.contains { sameString(key, $0.first) }
                }
            }
            if !mayHold { return nil }
        }
        for path in paths {
            if let text = string(in: top, at: path) { return JWTClaims.subject(ofToken: text) ?? text }
        }
        for (first, rests) in headerPaths {
            // Most inputs have neither key: one lookup each rules out all the paths below it.
            guard case .object(let below)? = top[first] else { continue }
            for rest in rests {
                if let header = string(in: below, at: rest), let sub = JWTClaims.subject(ofToken: header) { return sub }
            }
        }
        return nil
    }

    /// Whether `a` and `b` are the same string: `Value`'s `==` (which compares strings the same
    /// way), called through `Optional` here, took four times the instructions.
    private static func sameString(_ a: String, _ b: Value) -> Bool {
        guard case .string(let y) = b else { return false }
        return equalUTF8(a, y)
    }

    /// The string at `path` below `object`, if there is one.
    private static func string(in object: RegoObject, at path: [Value]) -> String? {
        guard let first = path.first, var current = object[first] else { return nil }
        for key in path.dropFirst() {
            guard case .object(let next) = current, let value = next[key] else { return nil }
            current = value
        }
        return current.stringValue
    }

    /// Where a bearer token may sit: OPA's HTTP API input and Envoy's `ext_authz` input, by first key.
    private static let headerPaths: [(first: Value, rests: [[Value]])] = [
        ("headers", [["authorization"], ["Authorization"]]),
        ("attributes", [["request", "http", "headers", "authorization"]]),
    ]
}
