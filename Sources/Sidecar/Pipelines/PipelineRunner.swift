import DecisionLog
import Foundation
import Integration
import RegoEngine
import RegoSyntax
import RegoValue

/// Runs one pipeline call: decode the body, decide, transform, connect, encode, and record the
/// whole call as one decision. Nothing reaches the transform or a connector without an allowed
/// decision; an undefined decision is a deny.
struct PipelineRunner: Sendable {
    let runtime: PolicyRuntime
    let recorder: DecisionRecorder
    let connectors: ConnectorSet
    let metrics: SidecarMetrics
    let evaluationTimeout: UInt64?

    /// What the caller sent.
    struct Call {
        var pipeline: PipelineDefinition
        var method: String
        var path: String
        /// Header names in lower case; repeated headers joined with ", ".
        var headers: [(String, String)]
        var query: [(String, String)]
        var body: [UInt8]
        var contentType: String?
        var accept: String?
        var requestedBy: String
    }

    /// What the caller gets.
    struct Answer {
        var status: Int
        var contentType: String
        var body: [UInt8]
        var headers: [(String, String)] = []
    }

    func run(_ call: Call) async -> Answer {
        let pipeline = call.pipeline
        let accept = call.accept?.trimmingCharacters(in: .whitespaces) ?? ""
        let openChoice = accept.isEmpty || accept == "*/*"
        guard let output = openChoice ? pipeline.format : MediaType.forAccept(call.accept) else {
            return Answer.error(406, "not_acceptable", "Accept \(call.accept ?? "") names no type this pipeline writes; use application/json, application/xml or text/csv", decisionID: nil)
        }
        var body: Value = .null
        if !call.body.isEmpty {
            guard let media = MediaType.forContentType(call.contentType) else {
                return Answer.error(415, "unsupported_media_type", "Content-Type \(call.contentType ?? "") cannot be read; send application/json, application/xml, text/csv or application/x-www-form-urlencoded", decisionID: nil)
            }
            do { body = try media.decode(call.body, csv: pipeline.csv) } catch {
                return Answer.error(400, "invalid_body", "the \(error.format.uppercased()) body is malformed at line \(error.line), column \(error.column): \(error.message)",
                                    decisionID: nil, extra: [("format", .string(error.format)), ("line", .int(error.line)), ("column", .int(error.column))])
            }
        }
        let input = PipelineRunner.input(for: call, body: body)
        let state = runtime.current
        let decisionID = DecisionID.make()
        var decision = DecisionRecorder.Decision(
            id: decisionID, path: pipeline.decision.joined(separator: "/"), input: input, evaluationNanoseconds: 0,
            requestedBy: call.requestedBy, policy: DecisionRecorder.Policy(state))
        decision.labels = ["pipeline": pipeline.name]

        // 2. Decide.
        let started = SystemClock.monotonicNanoseconds()
        let verdict: Value?
        do { verdict = try evaluate(pipeline.decision, input: input, state: state) } catch {
            decision.errorCode = error.code
            decision.evaluationNanoseconds = Int64(SystemClock.monotonicNanoseconds() - started)
            return await finish(decision, Answer.error(500, error.code, "evaluating data.\(pipeline.decision.joined(separator: ".")) failed: \(error.message)", decisionID: decisionID))
        }
        decision.result = verdict
        decision.evaluationNanoseconds = Int64(SystemClock.monotonicNanoseconds() - started)
        let (allowed, reasons) = DecisionRecord.derive(result: verdict)
        let extraHeaders = PipelineRunner.headers(in: verdict)
        guard allowed == true else {
            decision.outcome = allowed == nil ? "denied: decision undefined" : "denied"
            let status = PipelineRunner.status(in: verdict).flatMap { (400...599).contains($0) ? $0 : nil } ?? 403
            let denial: Value = .object(RegoObject([
                ("decision_id", .string(decisionID)), ("allowed", .bool(false)), ("reasons", .array(reasons.map(Value.string))),
            ]))
            var answer = Answer.encoded(denial, as: output, pipeline: pipeline, status: status, decisionID: decisionID, wrap: false, xmlRoot: "decision")
            answer.headers += extraHeaders
            return await finish(decision, answer)
        }

        // 3. Transform, on the same snapshot.
        var document = body
        if let transform = pipeline.transform {
            let transformed: Value?
            do { transformed = try evaluate(transform, input: input, state: state) } catch {
                decision.errorCode = error.code
                decision.outcome = "transform_failed"
                return await finish(decision, Answer.error(500, error.code, "evaluating data.\(transform.joined(separator: ".")) failed: \(error.message)", decisionID: decisionID))
            }
            guard let transformed else {
                decision.outcome = "transform_undefined"
                return await finish(decision, Answer.error(422, "undefined_transform", "data.\(transform.joined(separator: ".")) is undefined for this input: the mapping rule produced no document; check the body's fields against the rule", decisionID: decisionID))
            }
            document = transformed
        }

        // 4. Connect.
        var result = document
        if let reference = pipeline.connector {
            let connectorStarted = SystemClock.monotonicNanoseconds()
            let outcome: Result<ConnectorOutput, ConnectorError>
            do { outcome = .success(try await connectors.run(reference, with: document)) } catch { outcome = .failure(error) }
            decision.connectorNanoseconds = Int64(SystemClock.monotonicNanoseconds() - connectorStarted)
            switch outcome {
            case .failure(let error):
                decision.outcome = "\(error.code): \(reference)"
                return await finish(decision, Answer.error(error.status, error.code, error.description, decisionID: decisionID))
            case .success(.passthrough(let status, let contentType, let bytes)):
                decision.outcome = "upstream_status \(status): \(reference)"
                var answer = Answer(status: status, contentType: contentType ?? "application/octet-stream", body: bytes)
                answer.headers.append(("Tollgate-Decision-Id", decisionID))
                return await finish(decision, answer)
            case .success(.value(let value)):
                result = value
                decision.outcome = "ok: \(reference)"
            }
        } else {
            decision.outcome = "ok"
        }

        // 5. Encode by Accept.
        let status = PipelineRunner.status(in: verdict).flatMap { (200...299).contains($0) ? $0 : nil } ?? pipeline.successStatus
        var answer = Answer.encoded(result, as: output, pipeline: pipeline, status: status, decisionID: decisionID, wrap: true)
        answer.headers += extraHeaders
        return await finish(decision, answer)
    }

    /// Records the call, then answers; a record that cannot be written turns the answer into a 500.
    private func finish(_ decision: DecisionRecorder.Decision, _ answer: Answer) async -> Answer {
        var decision = decision
        do { try recorder.record(&decision) } catch {
            return Answer.error(500, "internal_error", "the decision could not be recorded in the decision log: \(error)", decisionID: decision.id)
        }
        return answer
    }

    private func evaluate(_ path: [String], input: Value, state: PolicyRuntime.State) throws(RegoError) -> Value? {
        let query: PreparedQuery
        do { query = try runtime.query(forDataPath: path, state: state) } catch {
            throw error.errors.first ?? RegoError(code: "rego_compile_error", message: "data.\(path.joined(separator: ".")) cannot be queried", location: nil)
        }
        let started = SystemClock.monotonicSeconds()
        defer { metrics.recordEvaluation(seconds: SystemClock.monotonicSeconds() - started) }
        return try query.evaluate(input: input, options: EvaluationOptions(timeoutNanoseconds: evaluationTimeout)).first?.expressions.first
    }

    /// `input`: the request as the policy and the mapping see it.
    static func input(for call: Call, body: Value) -> Value {
        .object(RegoObject([
            ("pipeline", .string(call.pipeline.name)),
            ("method", .string(call.method)),
            ("path", .string(call.path)),
            ("headers", grouped(call.headers, joinWith: ", ")),
            ("query", grouped(call.query, joinWith: nil)),
            ("body", body),
        ]))
    }

    /// Name/value pairs as an object; a repeated name joins its values (headers) or becomes an array (query).
    static func grouped(_ pairs: [(String, String)], joinWith separator: String?) -> Value {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in pairs {
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(value)
        }
        return .object(RegoObject(order.map { name in
            let all = values[name] ?? []
            if all.count == 1 { return (name, Value.string(all[0])) }
            if let separator { return (name, Value.string(all.joined(separator: separator))) }
            return (name, Value.array(all.map(Value.string)))
        }))
    }

    static func status(in verdict: Value?) -> Int? {
        verdict?.objectValue?["status"]?.numberValue?.exactInt
    }

    static func headers(in verdict: Value?) -> [(String, String)] {
        guard case .object(let o)? = verdict?.objectValue?["headers"] else { return [] }
        return o.compactMap { key, value in
            guard let name = key.stringValue, let text = value.stringValue ?? (value.numberValue != nil ? value.jsonText : nil) else { return nil }
            return (name, text)
        }
    }
}

extension PipelineRunner.Answer {
    /// OPA's error shape plus the decision id when a decision was made.
    static func error(_ status: Int, _ code: String, _ message: String, decisionID: String?, extra: [(String, Value)] = []) -> Self {
        var extra = extra
        if let decisionID { extra.append(("decision_id", .string(decisionID))) }
        let document = Value.object(RegoObject([("code", .string(code)), ("message", .string(message))] + extra))
        var answer = Self(status: status, contentType: "application/json", body: Array((document.jsonText + "\n").utf8))
        if let decisionID { answer.headers.append(("Tollgate-Decision-Id", decisionID)) }
        return answer
    }

    /// `value` in the caller's format. JSON wraps it as `{"decision_id", "allowed", "result"}` when
    /// `wrap` is set; XML and CSV carry the id in the `Tollgate-Decision-Id` header. A value the
    /// format cannot hold (an XML-invalid key) falls back to JSON, so a committed change is never
    /// answered with an error.
    static func encoded(_ value: Value, as media: MediaType, pipeline: PipelineDefinition, status: Int,
                        decisionID: String, wrap: Bool, xmlRoot: String? = nil) -> Self {
        var answer: Self
        do {
            if media == .json || media == .form {
                let document: Value = wrap
                    ? .object(RegoObject([("decision_id", .string(decisionID)), ("allowed", .bool(true)), ("result", value)]))
                    : value
                answer = Self(status: status, contentType: MediaType.json.contentType, body: Array((document.jsonText + "\n").utf8))
            } else {
                let text = try media.encode(value, csv: pipeline.csv, xmlRoot: xmlRoot ?? pipeline.xmlRoot)
                answer = Self(status: status, contentType: media.contentType, body: Array(text.utf8))
            }
        } catch {
            let document: Value = .object(RegoObject([("decision_id", .string(decisionID)), ("allowed", .bool(wrap)), ("result", value)]))
            answer = Self(status: status, contentType: MediaType.json.contentType, body: Array((document.jsonText + "\n").utf8))
        }
        answer.headers.append(("Tollgate-Decision-Id", decisionID))
        return answer
    }
}
