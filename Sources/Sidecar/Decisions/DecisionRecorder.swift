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

    func record(_ d: Decision) throws {
        guard let log else { return }
        let (allowed, reasons) = DecisionRecord.derive(result: d.result)
        var record = DecisionRecord(
            decisionID: d.id, timestamp: SystemClock.wallNanoseconds(), path: d.path, query: d.query, input: d.input,
            result: d.result, requestedBy: d.requestedBy, labels: d.labels.isEmpty ? Self.labels : d.labels.merging(Self.labels) { $1 },
            metrics: metrics(of: d),
            policyRevision: d.policy.revision, allowed: allowed, reasons: reasons,
            subject: subject(of: d.input),
            policyHash: d.policy.hash, evaluationNanoseconds: d.evaluationNanoseconds, errorCode: d.errorCode,
            outcome: d.outcome)
        if let state = d.policy.systemLog {
            let event = record.json
            if MaskRule.shouldDrop(systemLog("drop", event: event, state: state)) { return }
            if let maskValue = systemLog("mask", event: event, state: state) {
                do { record = MaskRule.apply(try MaskRule.rules(from: maskValue), to: record) } catch {
                    // A broken mask policy must not leak what it meant to hide: record without input and result.
                    record.input = nil
                    record.result = nil
                    record.erased = ["/input", "/result"]
                }
            }
        }
        if settings.asynchronous {
            if !log.enqueue(record) { metrics.recordDroppedDecision() }
        } else {
            try log.record(record)
        }
    }

    /// The record's `metrics`: evaluation time, and a pipeline's connector time (keys in order).
    func metrics(of d: Decision) -> Value {
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

