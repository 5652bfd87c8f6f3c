import DataStore
import DecisionLog
import Foundation
import Hummingbird
import Integration
import NIOCore
import RegoEngine
import RegoSyntax
import RegoValue

/// OPA's v1 REST API (and its v0 and `POST /` forms) over a `PolicyRuntime` and a `StateStore`.
public struct SidecarAPI: Sendable {
    let runtime: PolicyRuntime
    let store: StateStore
    let metrics: SidecarMetrics
    let limits: SidecarConfiguration.Limits
    let adminToken: String?
    let recorder: DecisionRecorder
    let integration: IntegrationConfiguration
    /// Runs pipeline calls (nil when no connectors were opened, as in tests of the OPA API alone).
    let pipelines: PipelineRunner?

    init(runtime: PolicyRuntime, store: StateStore, metrics: SidecarMetrics, limits: SidecarConfiguration.Limits,
         adminToken: String?, recorder: DecisionRecorder, integration: IntegrationConfiguration = IntegrationConfiguration(),
         pipelines: PipelineRunner? = nil) {
        self.runtime = runtime
        self.store = store
        self.metrics = metrics
        self.limits = limits
        self.adminToken = adminToken
        self.recorder = recorder
        self.integration = integration
        self.pipelines = pipelines
    }

    /// A router with every endpoint, timed and counted by endpoint and status.
    public func router() -> Router<SidecarRequestContext> {
        let router = Router(context: SidecarRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: AdminTokenMiddleware(token: adminToken))
        router.get("/health") { request, _ in try self.health(request) }
        router.get("/metrics") { _, _ in
            let text = self.metrics.render(policyErrors: self.runtime.current.pendingErrors.count,
                                           decisionLog: self.recorder.log?.statistics)
            return JSONResponse.raw(Array(text.utf8), contentType: "text/plain; version=0.0.4")
        }
        router.get("/v1/data") { request, context in try await self.decide(request, context, path: [], post: false) }
        router.get("/v1/data/**") { request, context in try await self.decide(request, context, path: try self.path(context), post: false) }
        router.post("/v1/data") { request, context in try await self.decide(request, context, path: [], post: true) }
        router.post("/v1/data/**") { request, context in try await self.decide(request, context, path: try self.path(context), post: true) }
        router.put("/v1/data/**") { request, context in try await self.putData(request, context, path: try self.path(context)) }
        router.put("/v1/data") { request, context in try await self.putData(request, context, path: []) }
        router.patch("/v1/data/**") { request, context in try await self.patchData(request, context, path: try self.path(context)) }
        router.patch("/v1/data") { request, context in try await self.patchData(request, context, path: []) }
        router.delete("/v1/data/**") { request, context in try self.deleteData(request, path: try self.path(context)) }
        router.post("/v0/data/**") { request, context in try await self.decideV0(request, context, path: try self.path(context)) }
        router.post("/v0/data") { request, context in try await self.decideV0(request, context, path: []) }
        router.post("/") { request, context in try await self.decideV0(request, context, path: ["system", "main"]) }
        router.get("/v1/policies") { request, _ in self.listPolicies(request) }
        router.get("/v1/policies/**") { request, context in try self.getPolicy(request, id: try self.policyID(context)) }
        router.put("/v1/policies/**") { request, context in try await self.putPolicy(request, context, id: try self.policyID(context)) }
        router.delete("/v1/policies/**") { request, context in try self.deletePolicy(request, id: try self.policyID(context)) }
        router.post("/v1/query") { request, context in try await self.query(request, context) }
        router.get("/v1/query") { request, context in try await self.query(request, context) }
        router.get("/v1/decisions") { request, context in try self.listDecisions(request, context) }
        router.get("/v1/decisions/{id}") { request, context in try self.getDecision(request, context) }
        addPipelineRoutes(to: router)
        return router
    }

    // MARK: - Helpers

    func path(_ context: SidecarRequestContext) throws -> [String] {
        var parts: [String] = []
        for segment in context.parameters.getCatchAll() where !segment.isEmpty {
            // Most segments carry no escapes; Foundation's decoder is only needed for those that do.
            let text = String(segment)
            parts.append(segment.utf8.contains(UInt8(ascii: "%")) ? (text.removingPercentEncoding ?? text) : text)
        }
        return parts
    }

    func policyID(_ context: SidecarRequestContext) throws -> String {
        let id = context.parameters.getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }.joined(separator: "/")
        guard !id.isEmpty else { throw APIError.invalidParameter("a policy id is required: PUT /v1/policies/{id}") }
        return id
    }

    func flag(_ request: Request, _ name: String) -> Bool {
        guard let v = request.uri.queryParameters.get(name) else { return false }
        return v.isEmpty || v == "true" || v == "1"
    }

    func readBody(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limits.maxBodyBytes)
        }
    }

    /// Parses a JSON body; an empty body is nil.
    func readJSON(_ request: Request) async throws -> Value? {
        try SidecarAPI.parseJSON(body: try await readBody(request))
    }

    /// A request body as JSON; an empty body is nil.
    static func parseJSON(body buffer: ByteBuffer) throws(APIError) -> Value? {
        if buffer.readableBytes == 0 { return nil }
        let parsed = buffer.withUnsafeReadableBytes { raw in
            Result { () throws(JSONError) in
                try JSONReader.parse(bytes: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            }
        }
        switch parsed {
        case .success(let value): return value
        case .failure(let error):
            throw APIError.invalidParameter("body is not valid JSON: line \(error.line), column \(error.column): \(error.message)")
        }
    }

    /// The input of a `/v1/data` request's body `{"input": ...}` (nil when the body is empty or has none).
    static func v1Input(body: Value?) throws(APIError) -> Value? {
        guard let body else { return nil }
        guard case .object(let o) = body else {
            throw APIError.invalidParameter("body must be a JSON object such as {\"input\": {...}}")
        }
        return o["input"]
    }

    static func newDecisionID() -> String { DecisionID.make() }

    // MARK: - Decisions

    /// A policy state and the prepared query of one data path in it, kept by a decision lane for
    /// as long as the runtime's generation stays the same (an object, so that handing it on
    /// retains one reference rather than each of the state's).
    final class PreparedDecision: Sendable {
        let generation: Int
        let path: [String]
        /// `path` as records hold it (`rbac/allow`).
        let pathText: String
        /// What records say of the policy state the query was prepared in.
        let policy: DecisionRecorder.Policy
        let query: PreparedQuery

        init(generation: Int, path: [String], state: PolicyRuntime.State, query: PreparedQuery) {
            self.generation = generation
            self.path = path
            pathText = path.joined(separator: "/")
            policy = DecisionRecorder.Policy(state)
            self.query = query
        }
    }

    /// Evaluates `data.<path>` and records the decision (also when evaluation fails). Synchronous,
    /// so that the router and the decision lane (`DecisionLane`) answer through the same code.
    func evaluate(path: [String], input: Value?, strict: Bool, decisionID: String,
                  requestedBy: String) throws(APIError) -> (Value?, Double) {
        try evaluate(try prepare(path: path), input: input, strict: strict, decisionID: decisionID, requestedBy: requestedBy)
    }

    /// The current policy state and the prepared query for `data.<path>` in it.
    func prepare(path: [String]) throws(APIError) -> PreparedDecision {
        let generation = runtime.generation
        let state = runtime.current
        do {
            return PreparedDecision(generation: generation, path: path, state: state, query: try runtime.query(forDataPath: path, state: state))
        } catch {
            throw APIError.invalidParameter("invalid data path", error.errors)
        }
    }

    /// `evaluate(path:…)` with the state and query already prepared.
    func evaluate(_ prepared: PreparedDecision, input: Value?, strict: Bool, decisionID: String,
                  requestedBy: String) throws(APIError) -> (Value?, Double) {
        let query = prepared.query
        let started = SystemClock.monotonicSeconds()
        var outcome: Result<Value?, RegoError>
        do {
            let results = try query.evaluate(input: input, options: EvaluationOptions(strictBuiltinErrors: strict, timeoutNanoseconds: limits.evaluationTimeoutNanoseconds))
            outcome = .success(results.first?.expressions.first)
        } catch {
            outcome = .failure(error)
        }
        let elapsed = SystemClock.monotonicSeconds() - started
        metrics.recordEvaluation(seconds: elapsed)
        var decision = DecisionRecorder.Decision(
            id: decisionID, path: prepared.pathText, input: input, evaluationNanoseconds: Int64(elapsed * 1e9),
            requestedBy: requestedBy, policy: prepared.policy)
        switch outcome {
        case .success(let value): decision.result = value
        case .failure(let error): decision.errorCode = error.code
        }
        do { try recorder.record(&decision) } catch {
            throw APIError(status: .internalServerError, code: "internal_error",
                           message: "the decision could not be recorded in the decision log: \(error)")
        }
        switch outcome {
        case .success(let value): return (value, elapsed)
        case .failure(let error): throw APIError.evaluation(error)
        }
    }

    func decide(_ request: Request, _ context: SidecarRequestContext, path: [String], post: Bool) async throws -> Response {
        let started = SystemClock.monotonicSeconds()
        var input: Value?
        if post {
            input = try SidecarAPI.v1Input(body: try await readJSON(request))
        } else if let raw = request.uri.queryParameters.get("input") {
            do { input = try JSONReader.parse(String(raw)) } catch {
                throw APIError.invalidParameter("input query parameter is not valid JSON: \(error.message)")
            }
        }
        let decisionID = SidecarAPI.newDecisionID()
        let (result, evalSeconds) = try evaluate(path: path, input: input, strict: flag(request, "strict-builtin-errors"),
                                                 decisionID: decisionID, requestedBy: context.clientAddress)
        var metrics: Value?
        if flag(request, "metrics") {
            metrics = .object(RegoObject([
                ("timer_rego_query_eval_ns", .int(Int(evalSeconds * 1e9))),
                ("timer_server_handler_ns", .int(Int((SystemClock.monotonicSeconds() - started) * 1e9))),
            ]))
        }
        return JSONResponse.make(SidecarAPI.decisionBody(id: decisionID, result: result, metrics: metrics), pretty: flag(request, "pretty"))
    }

    /// The answer of `/v1/data`: `{"decision_id", "result"?, "metrics"?}`.
    static func decisionBody(id: String, result: Value?, metrics: Value? = nil) -> Value {
        var pairs: [(String, Value)] = [("decision_id", .string(id))]
        if let result { pairs.append(("result", result)) }
        if let metrics { pairs.append(("metrics", metrics)) }
        return .object(RegoObject(pairs))
    }

    /// Writes `decisionBody(id:result:)` as compact JSON, without making the object first (the
    /// decision lane's answer to every `/v1/data` call).
    static func writeDecisionBody(id: String, result: Value?, into writer: inout JSONWriter) {
        writer.append(raw: "{\"decision_id\":")
        writer.writeString(id)
        if let result {
            writer.append(raw: ",\"result\":")
            writer.write(result)
        }
        writer.append(byte: UInt8(ascii: "}"))
    }

    /// The answer of v0 and `POST /` when the document is undefined.
    static func undefinedDocument(_ path: [String]) -> APIError {
        APIError(status: .notFound, code: "undefined_document", message: "document missing: data/" + path.joined(separator: "/"))
    }

    /// v0 and `POST /`: the body is the input itself; the answer is the bare value.
    func decideV0(_ request: Request, _ context: SidecarRequestContext, path: [String]) async throws -> Response {
        let input = try await readJSON(request)
        let (result, _) = try evaluate(path: path, input: input, strict: false, decisionID: SidecarAPI.newDecisionID(),
                                       requestedBy: context.clientAddress)
        guard let result else { throw SidecarAPI.undefinedDocument(path) }
        return JSONResponse.make(result, pretty: flag(request, "pretty"))
    }

    func query(_ request: Request, _ context: SidecarRequestContext) async throws -> Response {
        var text: String?
        var input: Value?
        if request.method == .post {
            guard case .object(let o)? = try await readJSON(request) else {
                throw APIError.invalidParameter("body must be a JSON object such as {\"query\": \"data.x = y\"}")
            }
            text = o["query"]?.stringValue
            input = o["input"]
        } else {
            text = request.uri.queryParameters.get("q").map { String($0) }
        }
        guard let text, !text.isEmpty else { throw APIError.invalidParameter("missing query: give {\"query\": \"...\"} (or ?q= on GET)") }
        let state = runtime.current
        let prepared: PreparedQuery
        do { prepared = try PreparedQuery(text, policy: state.policy) } catch {
            throw APIError.invalidParameter("error(s) occurred while compiling query", error.errors)
        }
        let started = SystemClock.monotonicSeconds()
        let decisionID = SidecarAPI.newDecisionID()
        var decision = DecisionRecorder.Decision(id: decisionID, path: "", query: text, input: input, evaluationNanoseconds: 0,
                                                 requestedBy: context.clientAddress, policy: DecisionRecorder.Policy(state))
        let results: [QueryResult]
        do {
            results = try prepared.evaluate(input: input, options: EvaluationOptions(strictBuiltinErrors: flag(request, "strict-builtin-errors"), timeoutNanoseconds: limits.evaluationTimeoutNanoseconds))
        } catch {
            decision.errorCode = error.code
            decision.evaluationNanoseconds = Int64((SystemClock.monotonicSeconds() - started) * 1e9)
            try? recorder.record(&decision)
            throw APIError.evaluation(error)
        }
        let rows: [Value] = results.map { .object(RegoObject($0.bindings.map { ($0.name, $0.value) })) }
        decision.result = .array(rows)
        decision.evaluationNanoseconds = Int64((SystemClock.monotonicSeconds() - started) * 1e9)
        do { try recorder.record(&decision) } catch {
            throw APIError(status: .internalServerError, code: "internal_error", message: "the decision could not be recorded in the decision log: \(error)")
        }
        return JSONResponse.make(.object(RegoObject([("decision_id", .string(decisionID)), ("result", .array(rows))])), pretty: flag(request, "pretty"))
    }

    func health(_ request: Request) throws -> Response {
        let state = runtime.current
        guard state.loaded else {
            var pairs: [(String, Value)] = [("error", .string("no policy set has compiled yet"))]
            if !state.pendingErrors.isEmpty { pairs.append(("errors", .array(state.pendingErrors.map(APIError.json)))) }
            return JSONResponse.make(.object(RegoObject(pairs)), status: .internalServerError)
        }
        if state.pendingErrors.isEmpty { return JSONResponse.make(.object(RegoObject())) }
        // Still serving the last good policy set; say why the newest files are not in force.
        return JSONResponse.make(.object(RegoObject([("policy_errors", .array(state.pendingErrors.map(APIError.json)))])))
    }
}
