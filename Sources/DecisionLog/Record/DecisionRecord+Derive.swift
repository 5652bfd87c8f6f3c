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
        case .array(let items)?: return items.compactMap(\.stringValue)
        case .set(let items)?: return items.compactMap(\.stringValue)
        default: return nil
        }
    }

    /// Who made the request: the string at `path` in the input (e.g. `["subject", "user"]`); when that
    /// holds a JWT (or a `Bearer` header), its `sub` claim; else the `sub` of a bearer token in
    /// `input.headers.authorization` or `input.attributes.request.http.headers.authorization` (Envoy).
    /// The token's signature is not checked: this labels a record, it authorizes nothing.
    public static func subject(from input: Value?, path: [String]?) -> String? {
        guard let input else { return nil }
        if let path, let found = input.lookup(path.map(Value.string)), let text = found.stringValue {
            if let sub = JWTClaims.subject(ofToken: text) { return sub }
            return text
        }
        let headerPaths: [[String]] = [
            ["headers", "authorization"], ["headers", "Authorization"],
            ["attributes", "request", "http", "headers", "authorization"],
        ]
        for headerPath in headerPaths {
            if let header = input.lookup(headerPath.map(Value.string))?.stringValue,
               let sub = JWTClaims.subject(ofToken: header)
            {
                return sub
            }
        }
        return nil
    }
}
