import RegoValue

extension DecisionRecord {
    /// Reads a record back from its `json` rendering (as stored in the log).
    public init(json: Value) throws(DecisionLogError) {
        guard let o = json.objectValue else {
            throw .corruptRecord(id: "?", reason: "the stored JSON is a \(json.typeName), not an object")
        }
        let id = o["decision_id"]?.stringValue ?? "?"
        func fail(_ field: String, _ expected: String) -> DecisionLogError {
            .corruptRecord(id: id, reason: "field \(field) is missing or not \(expected)")
        }
        func string(_ key: String) throws(DecisionLogError) -> String? {
            guard let v = o[key] else { return nil }
            guard let s = v.stringValue else { throw fail(key, "a string") }
            return s
        }
        func strings(_ key: String) throws(DecisionLogError) -> [String] {
            guard let v = o[key] else { return [] }
            guard let items = v.arrayValue else { throw fail(key, "an array of strings") }
            var out: [String] = []
            for item in items {
                guard let s = item.stringValue else { throw fail(key, "an array of strings") }
                out.append(s)
            }
            return out
        }
        guard let decisionID = o["decision_id"]?.stringValue else { throw fail("decision_id", "a string") }
        guard let stamp = o["timestamp"]?.stringValue, let ns = Timestamp.parse(stamp) else {
            throw fail("timestamp", "an RFC 3339 time")
        }
        guard let path = o["path"]?.stringValue else { throw fail("path", "a string") }
        var labels: [String: String] = [:]
        if let l = o["labels"] {
            guard let lo = l.objectValue else { throw fail("labels", "an object") }
            for (key, value) in lo {
                guard let k = key.stringValue, let v = value.stringValue else { throw fail("labels", "an object of strings") }
                labels[k] = v
            }
        }
        var allowed: Bool?
        if let a = o["allowed"] {
            guard let b = a.boolValue else { throw fail("allowed", "a boolean") }
            allowed = b
        }
        var evalNs: Int64 = 0
        if let e = o["eval_ns"] {
            guard let n = e.numberValue?.exactInt else { throw fail("eval_ns", "an integer") }
            evalNs = Int64(n)
        }
        self.init(
            decisionID: decisionID, timestamp: ns, path: path, query: try string("query"),
            input: o["input"], result: o["result"], requestedBy: try string("requested_by") ?? "",
            labels: labels, metrics: o["metrics"] ?? .emptyObject, policyRevision: try string("revision"),
            erased: try strings("erased"), masked: try strings("masked"), allowed: allowed,
            reasons: try strings("reasons"), subject: try string("subject"),
            policyHash: try string("policy_hash"), evaluationNanoseconds: evalNs,
            errorCode: try string("error_code"), outcome: try string("outcome"))
    }

    /// Reads a record back from its canonical JSON text.
    public init(jsonText: String) throws(DecisionLogError) {
        let value: Value
        do { value = try JSONReader.parse(jsonText) } catch {
            throw .corruptRecord(id: "?", reason: "invalid JSON (\(error))")
        }
        try self.init(json: value)
    }
}
