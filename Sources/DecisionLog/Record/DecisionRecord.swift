import RegoValue

/// One decision, with OPA's decision-log event fields plus Tollgate's audit fields.
///
/// ```swift
/// let (allowed, reasons) = DecisionRecord.derive(result: result)
/// let record = DecisionRecord(decisionID: id, timestamp: now, path: "httpapi/authz/allow",
///                             input: input, result: result, allowed: allowed, reasons: reasons)
/// ```
public struct DecisionRecord: Sendable, Equatable {
    /// OPA's `decision_id`, returned to the caller; unique in the log.
    public var decisionID: String
    /// When the decision was made, in nanoseconds since the Unix epoch (UTC).
    public var timestamp: Int64
    /// The queried rule's path, slash-separated (`httpapi/authz/allow`).
    public var path: String
    /// The ad-hoc query text for `/v1/query` decisions.
    public var query: String?
    /// The input document (after masking); nil when there was none or it was erased.
    public var input: Value?
    /// The result; nil when undefined (or erased).
    public var result: Value?
    /// The client's address.
    public var requestedBy: String
    /// The sidecar's labels (id, version, …).
    public var labels: [String: String]
    /// Timers and counters of the evaluation (an object).
    public var metrics: Value
    /// The revision of the policy bundle or files that decided.
    public var policyRevision: String?
    /// JSON pointers removed by masking.
    public var erased: [String]
    /// JSON pointers replaced by masking.
    public var masked: [String]
    /// true, false, or nil for undefined (a deny).
    public var allowed: Bool?
    /// Why: the result's `reasons` or `deny` messages.
    public var reasons: [String]
    /// Who asked: from a configured input path or a JWT's `sub`.
    public var subject: String?
    /// The hash of the policy set that decided.
    public var policyHash: String?
    /// Time spent evaluating, in nanoseconds.
    public var evaluationNanoseconds: Int64
    /// The error code when evaluation failed (`eval_conflict_error`, …).
    public var errorCode: String?
    /// What later pipeline steps did (`forwarded`, `connector_failed`, …).
    public var outcome: String?

    /// A record; everything but the id, time and path has a neutral default.
    public init(
        decisionID: String, timestamp: Int64, path: String, query: String? = nil, input: Value? = nil,
        result: Value? = nil, requestedBy: String = "", labels: [String: String] = [:],
        metrics: Value = .emptyObject, policyRevision: String? = nil, erased: [String] = [],
        masked: [String] = [], allowed: Bool? = nil, reasons: [String] = [], subject: String? = nil,
        policyHash: String? = nil, evaluationNanoseconds: Int64 = 0, errorCode: String? = nil,
        outcome: String? = nil
    ) {
        self.decisionID = decisionID
        self.timestamp = timestamp
        self.path = path
        self.query = query
        self.input = input
        self.result = result
        self.requestedBy = requestedBy
        self.labels = labels
        self.metrics = metrics
        self.policyRevision = policyRevision
        self.erased = erased
        self.masked = masked
        self.allowed = allowed
        self.reasons = reasons
        self.subject = subject
        self.policyHash = policyHash
        self.evaluationNanoseconds = evaluationNanoseconds
        self.errorCode = errorCode
        self.outcome = outcome
    }

    /// The record in OPA's event shape (snake_case keys), with Tollgate's fields added; absent
    /// optionals are left out. Its `jsonText` (sorted keys) is the canonical form the chain hashes.
    public var json: Value {
        var o = RegoObject()
        o["decision_id"] = .string(decisionID)
        o["timestamp"] = .string(Timestamp.format(nanoseconds: timestamp))
        o["path"] = .string(path)
        if let query { o["query"] = .string(query) }
        if let input { o["input"] = input }
        if let result { o["result"] = result }
        o["requested_by"] = .string(requestedBy)
        o["labels"] = .object(RegoObject(labels.map { ($0.key, Value.string($0.value)) }))
        o["metrics"] = metrics
        if let policyRevision { o["revision"] = .string(policyRevision) }
        if !erased.isEmpty { o["erased"] = .array(erased.map(Value.string)) }
        if !masked.isEmpty { o["masked"] = .array(masked.map(Value.string)) }
        if let allowed { o["allowed"] = .bool(allowed) }
        o["reasons"] = .array(reasons.map(Value.string))
        if let subject { o["subject"] = .string(subject) }
        if let policyHash { o["policy_hash"] = .string(policyHash) }
        o["eval_ns"] = .number(.int(Int(evaluationNanoseconds)))
        if let errorCode { o["error_code"] = .string(errorCode) }
        if let outcome { o["outcome"] = .string(outcome) }
        return .object(o)
    }

    /// The canonical JSON text: `json` with sorted keys and no spaces, written field by field
    /// (the same text as `json.jsonText`, without building the object first).
    public var canonicalJSON: String { String(decoding: canonicalJSONBytes, as: UTF8.self) }

    /// `canonicalJSON` as UTF-8 bytes (what the chain hashes and the journal holds).
    public var canonicalJSONBytes: [UInt8] { withCanonicalJSON { Array($0) } }

    /// Lends `canonicalJSON`'s UTF-8 bytes to `body`, written in a buffer that lives only until it returns.
    public func withCanonicalJSON<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var w = JSONWriter(capacity: 1024)
        writeCanonicalJSON(to: &w)
        return try w.withBytes(body)
    }

    /// Appends `canonicalJSON` to `w`.
    func writeCanonicalJSON(to w: inout JSONWriter) {
        // Keys in byte order: allowed, decision_id, erased, error_code, eval_ns, input, labels,
        // masked, metrics, outcome, path, policy_hash, query, reasons, requested_by, result,
        // revision, subject, timestamp. `decision_id` is always there and only `allowed` comes
        // before it, so every later key is written with its comma, quotes and colon as one text.
        func strings(_ items: [String]) {
            w.append(byte: UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { w.append(byte: UInt8(ascii: ",")) }
                w.writeString(item)
            }
            w.append(byte: UInt8(ascii: "]"))
        }
        switch allowed {
        case true?: w.append(raw: #"{"allowed":true,"decision_id":"#)
        case false?: w.append(raw: #"{"allowed":false,"decision_id":"#)
        case nil: w.append(raw: #"{"decision_id":"#)
        }
        w.writeString(decisionID)
        if !erased.isEmpty { w.append(raw: #","erased":"#); strings(erased) }
        if let errorCode { w.append(raw: #","error_code":"#); w.writeString(errorCode) }
        w.append(raw: #","eval_ns":"#); w.writeInteger(Int(evaluationNanoseconds))
        if let input { w.append(raw: #","input":"#); w.write(input) }
        w.append(raw: #","labels":{"#)
        func label(_ key: String, _ value: String) {
            w.writeString(key)
            w.append(byte: UInt8(ascii: ":"))
            w.writeString(value)
        }
        if labels.count < 2 {
            // One label (the usual `app`): no array to sort it in.
            for (key, value) in labels { label(key, value) }
        } else {
            for (index, pair) in labels.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { w.append(byte: UInt8(ascii: ",")) }
                label(pair.key, pair.value)
            }
        }
        w.append(byte: UInt8(ascii: "}"))
        if !masked.isEmpty { w.append(raw: #","masked":"#); strings(masked) }
        w.append(raw: #","metrics":"#); w.write(metrics)
        if let outcome { w.append(raw: #","outcome":"#); w.writeString(outcome) }
        w.append(raw: #","path":"#); w.writeString(path)
        if let policyHash { w.append(raw: #","policy_hash":"#); w.writeString(policyHash) }
        if let query { w.append(raw: #","query":"#); w.writeString(query) }
        if reasons.isEmpty { w.append(raw: #","reasons":[]"#) } else { w.append(raw: #","reasons":"#); strings(reasons) }
        w.append(raw: #","requested_by":"#); w.writeString(requestedBy)
        if let result { w.append(raw: #","result":"#); w.write(result) }
        if let policyRevision { w.append(raw: #","revision":"#); w.writeString(policyRevision) }
        if let subject { w.append(raw: #","subject":"#); w.writeString(subject) }
        w.append(raw: #","timestamp":"#); Timestamp.writeJSON(nanoseconds: timestamp, to: &w)
        w.append(byte: UInt8(ascii: "}"))
    }
}
