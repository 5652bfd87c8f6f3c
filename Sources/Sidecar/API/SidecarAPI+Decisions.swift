import DecisionLog
import Hummingbird
import RegoValue

extension SidecarAPI {
    /// Auditor endpoints need the admin token when one is configured, and a loopback client
    /// when none is.
    func authorizeAuditor(_ request: Request, _ context: SidecarRequestContext) throws {
        if let adminToken {
            guard AdminTokenMiddleware.presents(adminToken, request) else {
                throw APIError(status: .unauthorized, code: "unauthorized",
                               message: "the decision log needs the admin token: send 'Authorization: Bearer <token>'")
            }
        } else if !context.isLoopback {
            throw APIError(status: .forbidden, code: "forbidden",
                           message: "no admin token is configured, so the decision log answers loopback clients only; set admin_token in tollgate.yaml")
        }
    }

    func decisionStore() throws -> DecisionStore {
        guard let log = recorder.log else {
            throw APIError(status: .notFound, code: "resource_not_found", message: "the decision log is disabled (decision_log.enabled: false)")
        }
        return log.store
    }

    /// `GET /v1/decisions?since=&until=&path=&allowed=&subject=&id=&limit=&cursor=`
    func listDecisions(_ request: Request, _ context: SidecarRequestContext) throws -> Response {
        try authorizeAuditor(request, context)
        let store = try decisionStore()
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where key != "cursor" && key != "pretty" {
            parameters[String(key)] = String(value)
        }
        let page: DecisionPage
        do {
            let filter = try DecisionFilter.parse(parameters, now: SystemClock.wallNanoseconds())
            let cursor = try request.uri.queryParameters.get("cursor").map { try DecisionCursor(String($0)) }
            page = try store.list(filter, after: cursor)
        } catch let error as DecisionLogError {
            if error.code == "bad_filter" || error.code == "bad_cursor" { throw APIError.invalidParameter(error.description) }
            throw APIError(status: .internalServerError, code: "internal_error", message: error.description)
        }
        var pairs: [(String, Value)] = [("result", .array(page.records.map(\.json)))]
        if let next = page.nextCursor { pairs.append(("next_cursor", .string(next.description))) }
        return JSONResponse.make(.object(RegoObject(pairs)), pretty: flag(request, "pretty"))
    }

    /// `GET /v1/decisions/{id}`
    func getDecision(_ request: Request, _ context: SidecarRequestContext) throws -> Response {
        try authorizeAuditor(request, context)
        let store = try decisionStore()
        let id = context.parameters.get("id") ?? ""
        let found: DecisionRecord?
        do { found = try store.get(id: id) } catch {
            throw APIError(status: .internalServerError, code: "internal_error", message: error.description)
        }
        guard let found else { throw APIError.notFound("decision \(id) not found") }
        return JSONResponse.make(.object(RegoObject([("result", found.json)])), pretty: flag(request, "pretty"))
    }
}
