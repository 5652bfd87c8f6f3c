import DecisionLog
import RegoEngine
import RegoSyntax
import RegoValue

/// Turns each decision into a decision-log record: masks it as `data.system.log.mask` says,
/// drops it when `data.system.log.drop` is true, and writes it (to the journal before returning in
/// synchronous mode).
struct DecisionRecorder: Sendable {
    let log: DecisionLog?
    let runtime: PolicyRuntime
    let settings: SidecarConfiguration.DecisionLogSettings
    let metrics: SidecarMetrics
    /// `settings.subjectPaths` with their keys as values, ready for lookups.
    let subjectPaths: [[Value]]

    init(log: DecisionLog?, runtime: PolicyRuntime, settings: SidecarConfiguration.DecisionLogSettings, metrics: SidecarMetrics) {
        self.log = log
        self.runtime = runtime
        self.settings = settings
        self.metrics = metrics
        subjectPaths = settings.subjectPaths.map { $0.map(Value.string) }
    }

    /// Every record's labels (a pipeline's decisions add their own).
    static let labels = ["app": "tollgate"]

    /// What a record says of the policy state that decided, made once per state (a connection's
    /// prepared decision keeps one), so that recording copies two strings rather than the state.
    struct Policy: Sendable {
        /// The state's revision, as the record's `revision` holds it.
        var revision: String
        /// The hash of the state's policy texts.
        var hash: String
        /// The state, when its policies define rules under `data.system.log` (masking, dropping).
        var systemLog: PolicyRuntime.State?

        init(_ state: PolicyRuntime.State) {
            revision = String(state.revision)
            hash = state.policyHash
            systemLog = state.hasSystemLog ? state : nil
        }
    }

    /// What one decision was.
    struct Decision {
        var id: String
        var path: String
        var query: String?
        var input: Value?
        var result: Value?
        var errorCode: String?
        var evaluationNanoseconds: Int64
        var requestedBy: String
        var policy: Policy
        /// What the pipeline's later steps did (`ok: orders-db.insert`, `denied`, …).
        var outcome: String?
        /// Labels beside `app` (a pipeline's name).
        var labels: [String: String] = [:]
        /// Time spent in a pipeline's connector step.
        var connectorNanoseconds: Int64?
    }

    func record(_ d: borrowing Decision) throws {
        guard let log else { return }
        // Filled in place: a record returned from a function, or given all its fields by the
        // initializer, was built in a temporary and copied out whole (about 30 reference counts).
        var record = DecisionRecord(decisionID: "", timestamp: 0, path: "")
        fill(&record, from: d)
        if let state = d.policy.systemLog, !applySystemLog(to: &record, state: state) { return }
        if settings.asynchronous {
            if !log.enqueue(record) { metrics.recordDroppedDecision() }
        } else {
            try log.record(record)
        }
    }

    /// Masks `record` as `data.system.log.mask` says; false when `data.system.log.drop` drops it.
    private func applySystemLog(to record: inout DecisionRecord, state: PolicyRuntime.State) -> Bool {
        let event = record.json
        if MaskRule.shouldDrop(systemLog("drop", event: event, state: state)) { return false }
        if let maskValue = systemLog("mask", event: event, state: state) {
            do { record = MaskRule.apply(try MaskRule.rules(from: maskValue), to: record) } catch {
                // A broken mask policy must not leak what it meant to hide: record without input and result.
                record.input = nil
                record.result = nil
                record.erased = ["/input", "/result"]
            }
        }
        return true
    }

    /// Fills `record` (a new one) with the decision `d`.
    private func fill(_ record: inout DecisionRecord, from d: borrowing Decision) {
        let (allowed, reasons) = DecisionRecord.derive(result: d.result)
        record.decisionID = d.id
        record.timestamp = SystemClock.wallNanoseconds()
        record.path = d.path
        record.query = d.query
        record.input = d.input
        record.result = d.result
        record.requestedBy = d.requestedBy
        record.labels = d.labels.isEmpty ? Self.labels : d.labels.merging(Self.labels) { $1 }
        record.metrics = metrics(of: d)
        record.policyRevision = d.policy.revision
        record.allowed = allowed
        record.reasons = reasons
        record.subject = subject(of: d.input)
        record.policyHash = d.policy.hash
        record.evaluationNanoseconds = d.evaluationNanoseconds
        record.errorCode = d.errorCode
        record.outcome = d.outcome
    }

    /// The record's `metrics`: evaluation time, and a pipeline's connector time (keys in order).
    func metrics(of d: borrowing Decision) -> Value {
        let evaluation = Value.int(Int(d.evaluationNanoseconds))
        guard let connector = d.connectorNanoseconds else {
            return .object(RegoObject(unsortedKeys: ["timer_rego_query_eval_ns"], values: [evaluation]))
        }
        return .object(RegoObject(unsortedKeys: ["timer_connector_ns", "timer_rego_query_eval_ns"], values: [.int(Int(connector)), evaluation]))
    }

    /// The identity at the first configured path that holds a string (a JWT there gives its
    /// `sub`), else the `sub` of a bearer token in the headers.
    func subject(of input: Value?) -> String? {
        DecisionRecord.subject(from: input, at: subjectPaths)
    }

    /// Evaluates `data.system.log.<name>` with the decision event as input (nil when undefined).
    func systemLog(_ name: String, event: Value, state: PolicyRuntime.State) -> Value? {
        guard let query = try? runtime.query(forDataPath: ["system", "log", name], state: state) else { return nil }
        return (try? query.evaluate(input: event))?.first?.expressions.first
    }
}

