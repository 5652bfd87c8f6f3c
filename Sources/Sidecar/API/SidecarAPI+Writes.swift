import DataStore
import Hummingbird
import RegoEngine
import RegoSyntax
import RegoValue

extension SidecarAPI {
    /// Maps a store failure to OPA's status codes and error shape.
    func apiError(_ error: StoreError) -> APIError {
        switch error {
        case .notFound:
            return APIError(status: .notFound, code: "resource_not_found", message: error.description)
        case .exists:
            return APIError(status: .notModified, code: "resource_conflict", message: error.description)
        case .conflict:
            return APIError(status: .conflict, code: "resource_conflict", message: error.description)
        case .badPath, .badPatch:
            return APIError.invalidParameter(error.description)
        default:
            return APIError(status: .internalServerError, code: "internal_error", message: error.description)
        }
    }

    func putData(_ request: Request, _ context: SidecarRequestContext, path: [String]) async throws -> Response {
        guard let value = try await readJSON(request) else {
            throw APIError.invalidParameter("PUT needs a JSON document in the body")
        }
        let onlyIfAbsent = request.headers[.ifNoneMatch] == "*"
        do {
            runtime.update(from: try store.put(path: DataPath(segments: path), value: value, onlyIfAbsent: onlyIfAbsent))
        } catch {
            if case .exists = error { return Response(status: .notModified) }
            throw apiError(error)
        }
        return Response(status: .noContent)
    }

    func patchData(_ request: Request, _ context: SidecarRequestContext, path: [String]) async throws -> Response {
        guard case .array(let operations)? = try await readJSON(request) else {
            throw APIError.invalidParameter("PATCH needs a JSON Patch array, e.g. [{\"op\": \"add\", \"path\": \"/x\", \"value\": 1}]")
        }
        do {
            let patch = try JSONPatch(parsing: .array(operations))
            runtime.update(from: try store.patch(path: DataPath(segments: path), operations: patch))
        } catch {
            throw apiError(error)
        }
        return Response(status: .noContent)
    }

    func deleteData(_ request: Request, path: [String]) throws -> Response {
        do { runtime.update(from: try store.delete(path: DataPath(segments: path))) } catch { throw apiError(error) }
        return Response(status: .noContent)
    }

    // MARK: - Policies

    func policyJSON(id: String, text: String) -> Value {
        .object(RegoObject([("id", .string(id)), ("raw", .string(text))]))
    }

    func listPolicies(_ request: Request) -> Response {
        let texts = store.snapshot.allPolicies
        let list = texts.keys.sorted().map { policyJSON(id: $0, text: texts[$0] ?? "") }
        return JSONResponse.make(.object(RegoObject([("result", .array(list))])), pretty: flag(request, "pretty"))
    }

    func getPolicy(_ request: Request, id: String) throws -> Response {
        guard let text = store.snapshot.allPolicies[id] else { throw APIError.notFound("policy id \(id) not found") }
        return JSONResponse.make(.object(RegoObject([("result", policyJSON(id: id, text: text))])), pretty: flag(request, "pretty"))
    }

    func putPolicy(_ request: Request, _ context: SidecarRequestContext, id: String) async throws -> Response {
        let buffer = try await readBody(request)
        let text = String(buffer: buffer)
        let snapshot = store.snapshot
        var texts = snapshot.allPolicies
        texts[id] = text
        if case .failure(let errors) = PolicyRuntime.compile(texts, data: snapshot.data) {
            throw APIError.invalidParameter("error(s) occurred while compiling module(s)", errors.errors)
        }
        do { runtime.update(from: try store.putPolicy(id: id, text: text)) } catch { throw apiError(error) }
        return JSONResponse.make(.object(RegoObject()), pretty: flag(request, "pretty"))
    }

    func deletePolicy(_ request: Request, id: String) throws -> Response {
        let snapshot = store.snapshot
        guard snapshot.apiPolicies[id] != nil else {
            if snapshot.filePolicies[id] != nil {
                throw APIError(status: .badRequest, code: "invalid_parameter", message: "policy \(id) comes from the policies folder: delete the file instead")
            }
            throw APIError.notFound("policy id \(id) not found")
        }
        var texts = snapshot.allPolicies
        texts[id] = nil
        if case .failure(let errors) = PolicyRuntime.compile(texts, data: snapshot.data) {
            throw APIError.invalidParameter("error(s) occurred while compiling module(s)", errors.errors)
        }
        do { runtime.update(from: try store.deletePolicy(id: id)) } catch { throw apiError(error) }
        return JSONResponse.make(.object(RegoObject()), pretty: flag(request, "pretty"))
    }
}

extension Snapshot {
    /// File policies and API policies by id (an API policy with the same id wins).
    var allPolicies: [String: String] {
        filePolicies.merging(apiPolicies) { _, api in api }
    }
}
