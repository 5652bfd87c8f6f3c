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
    ///
    /// Its strings and labels are this value's own copies, not the state's: a connection's
    /// decisions are answered on one event loop, and every record takes a reference to each of them
    /// and drops it. On storage that both loops count, each of those is an atomic write to a cache
    /// line the other core took last.
    struct Policy: Sendable {
        /// The state's revision, as the record's `revision` holds it.
        var revision: String
        /// The hash of the state's policy texts.
        var hash: String
        /// The labels of the records it decides (`DecisionRecorder.labels`).
        var labels: [String: String]
        /// The state, when its policies define rules under `data.system.log` (masking, dropping).
        var systemLog: PolicyRuntime.State?

        init(_ state: PolicyRuntime.State) {
            revision = Self.ownCopy(String(state.revision))
            hash = Self.ownCopy(state.policyHash)
            labels = Dictionary(uniqueKeysWithValues: DecisionRecorder.labels.map { (Self.ownCopy($0.key), Self.ownCopy($0.value)) })
            systemLog = state.hasSystemLog ? state : nil
        }

        /// `text` in storage of its own (a copy of a string shares its storage).
        private static func ownCopy(_ text: String) -> String {
            String(decoding: Array(text.utf8), as: UTF8.self)
        }
    }

    /// What one decision was: its record, as far as the caller knows it, with the policy state
    /// that decided. Recording completes the record in place (`record(_:)`), so that a decision's
    /// values are held once, in the record that is written.
    struct Decision {
        /// The record so far: id, path, query, input, result, error code, evaluation time, caller,
        /// outcome, and labels beside `app` (a pipeline's name).
        var record: DecisionRecord
        var policy: Policy
        /// Time spent in a pipeline's connector step.
        var connectorNanoseconds: Int64?

        init(id: String, path: String, query: String? = nil, input: Value?, evaluationNanoseconds: Int64,
             requestedBy: String, policy: Policy) {
            self.init(record: DecisionRecord(decisionID: id, timestamp: 0, path: path, query: query, input: input,
                                             requestedBy: requestedBy, evaluationNanoseconds: evaluationNanoseconds),
                      policy: policy)
        }

        init(record: consuming DecisionRecord, policy: Policy) {
            self.record = record
            self.policy = policy
        }

        var id: String { record.decisionID }
        var result: Value? {
            get { record.result }
            set { record.result = newValue }
        }
        var errorCode: String? {
            get { record.errorCode }
            set { record.errorCode = newValue }
        }
        var evaluationNanoseconds: Int64 {
            get { record.evaluationNanoseconds }
            set { record.evaluationNanoseconds = newValue }
        }
        /// What the pipeline's later steps did (`ok: orders-db.insert`, `denied`, …).
        var outcome: String? {
            get { record.outcome }
            set { record.outcome = newValue }
        }
        /// Labels beside `app` (a pipeline's name).
        var labels: [String: String] {
            get { record.labels }
            set { record.labels = newValue }
        }
    }

    /// Completes `d`'s record (time, labels, metrics, policy, allowed, reasons, subject), masks or
    /// drops it as `data.system.log` says, and writes it.
    func record(_ d: inout Decision) throws {
        guard log != nil else { return }
        complete(&d)
        if let state = d.policy.systemLog {
            var record = d.record
            guard applySystemLog(to: &record, state: state) else { return }
            try write(record)
        } else {
            try write(d.record)
        }
    }

    /// Writes `record` to the log, which is there (`record(_:)` looked). The log is called through
    /// the recorder's own reference: a local binding of it would take a reference of its own and
    /// drop it, two atomic writes per decision to an object both event loops use.
    private func write(_ record: borrowing DecisionRecord) throws {
        if settings.asynchronous {
            if !log!.enqueue(copy record) { metrics.recordDroppedDecision() }
        } else {
            try log!.record(record)
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

    /// Fills in what `d`'s record takes from the recorder, the policy state and the result.
    private func complete(_ d: inout Decision) {
        let (allowed, reasons) = DecisionRecord.derive(result: d.record.result)
        d.record.timestamp = SystemClock.wallNanoseconds()
        d.record.labels = d.record.labels.isEmpty ? d.policy.labels : d.record.labels.merging(d.policy.labels) { $1 }
        d.record.metrics = metrics(evaluation: d.record.evaluationNanoseconds, connector: d.connectorNanoseconds)
        d.record.policyRevision = d.policy.revision
        d.record.allowed = allowed
        d.record.reasons = reasons
        d.record.subject = subject(of: d.record.input)
        d.record.policyHash = d.policy.hash
    }

    /// The record's `metrics`: evaluation time, and a pipeline's connector time (keys in order).
    func metrics(evaluation: Int64, connector: Int64?) -> Value {
        let evaluation = Value.int(Int(evaluation))
        guard let connector else {
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

