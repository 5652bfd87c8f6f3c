import RegoValue
import Synchronization

/// Calls an HTTP upstream for a pipeline: fills the operation's URL template from the transform's
/// output, sends it (as JSON for POST, PUT and PATCH), retries with exponential backoff and jitter
/// (idempotent methods only, unless configured), and keeps one circuit breaker per target.
///
/// ```swift
/// let inventory = HTTPConnector(name: "inventory", definition: definition, transport: transport)
/// let output = try await inventory.run(operation: "reserve", with: ["item": "widget"])
/// ```
public final class HTTPConnector: Sendable {
    public let name: String
    public let definition: HTTPConnectorDefinition
    let transport: any HTTPTransport
    /// Breakers by target (`scheme://host:port`), created on first use.
    private let breakers = Mutex<[String: CircuitBreaker]>([:])
    let now: @Sendable () -> UInt64
    let sleep: @Sendable (UInt64) async -> Void
    let jitter: @Sendable () -> Double

    public init(name: String, definition: HTTPConnectorDefinition, transport: any HTTPTransport,
                now: @escaping @Sendable () -> UInt64 = { SystemClock.monotonicNanoseconds() },
                sleep: @escaping @Sendable (UInt64) async -> Void = { try? await Task.sleep(nanoseconds: $0) },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.name = name
        self.definition = definition
        self.transport = transport
        self.now = now
        self.sleep = sleep
        self.jitter = jitter
    }

    /// Runs `operation` with the transform's output; non-2xx answers come back as `.passthrough`.
    public func run(operation name: String, with input: Value) async throws(ConnectorError) -> ConnectorOutput {
        let step = self.name + "." + name
        guard let operation = definition.operations.first(where: { $0.name == name }) else {
            throw ConnectorError(.failed, step: step, "no such operation; the connector has \(definition.operations.map(\.name).joined(separator: ", "))")
        }
        let url = definition.baseURL + (try HTTPConnector.expand(operation.path, with: input, step: step))
        var headers = definition.headers.merging(operation.headers) { $1 }
        var body: [UInt8]?
        if operation.sendsBody {
            body = Array(input.jsonText.utf8)
            headers["Content-Type"] = headers["Content-Type"] ?? "application/json"
        }
        let request = UpstreamRequest(method: operation.method, url: url, headers: headers, body: body)
        let target = HTTPConnector.target(of: url)
        let mayRetry = definition.retry.allowsRetry(method: operation.method)
        let attempts = mayRetry ? definition.retry.retries + 1 : 1
        var attempt = 1
        while true {
            let started = now()
            let admission = breakers.withLock { all in
                var breaker = all[target] ?? CircuitBreaker(settings: definition.breaker)
                let admission = breaker.admit(now: started)
                all[target] = breaker
                return admission
            }
            switch admission {
            case .reject(let wait):
                throw ConnectorError(.breakerOpen, step: step, "the circuit breaker for \(target) is open after repeated failures; it lets a trial call through in \(wait / 1_000_000) ms")
            case .proceed:
                break
            }
            let outcome: Result<UpstreamResponse, UpstreamFailure>
            do { outcome = .success(try await transport.send(request, timeoutNanoseconds: definition.timeoutNanoseconds)) } catch {
                outcome = .failure(error)
            }
            let failed: Bool
            switch outcome {
            case .success(let response): failed = response.status >= 500
            case .failure: failed = true
            }
            let finished = now()
            breakers.withLock { $0[target]?.record(success: !failed, now: finished) }
            let retryable: Bool
            switch outcome {
            case .success(let response): retryable = RetryPolicy.isRetryable(status: response.status)
            case .failure: retryable = true
            }
            if retryable && attempt < attempts {
                await sleep(definition.retry.backoff(attempt: attempt, jitter: jitter()))
                attempt += 1
                continue
            }
            switch outcome {
            case .success(let response):
                return try HTTPConnector.output(of: response, step: step)
            case .failure(.timeout):
                throw ConnectorError(.timeout, step: step, "\(operation.method) \(url) gave no answer within \(definition.timeoutNanoseconds / 1_000_000) ms (\(attempt) attempt\(attempt == 1 ? "" : "s"))")
            case .failure(.unreachable(let reason)):
                throw ConnectorError(.unreachable, step: step, "\(operation.method) \(url) failed: \(reason) (\(attempt) attempt\(attempt == 1 ? "" : "s"))")
            }
        }
    }

    /// The breaker state of `target`, for tests and metrics.
    public func breakerState(target: String) -> CircuitBreaker.State? {
        breakers.withLock { $0[target]?.state }
    }

    /// A 2xx answer's body as a document; other answers pass through.
    static func output(of response: UpstreamResponse, step: String) throws(ConnectorError) -> ConnectorOutput {
        guard (200..<300).contains(response.status) else {
            return .passthrough(status: response.status, contentType: response.contentType, body: response.body)
        }
        if response.body.isEmpty { return .value(.object(RegoObject([("status", .int(response.status))]))) }
        let media = MediaType.forContentType(response.contentType) ?? .json
        do {
            return .value(try media.decode(response.body, csv: CSVOptions()))
        } catch {
            throw ConnectorError(.unreachable, step: step, "the upstream's \(media.rawValue) answer could not be read: \(error)")
        }
    }

    /// Fills `{field}` placeholders from the object's fields, percent-encoded as a path segment.
    static func expand(_ template: String, with input: Value, step: String) throws(ConnectorError) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                out += rest[open...]
                return out
            }
            let field = String(rest[rest.index(after: open)..<close])
            guard let value = input[.string(field)] else {
                throw ConnectorError(.badInput, step: step, "the transform's output has no field \"\(field)\" for {\(field)} in the URL path \(template)")
            }
            let text: String
            switch value {
            case .string(let s): text = s
            case .number, .bool: text = value.jsonText
            default:
                throw ConnectorError(.badInput, step: step, "field \"\(field)\" for {\(field)} is \(value.typeName); the URL path takes a string, number or boolean")
            }
            out += percentEncoded(text)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Unreserved characters stay; everything else is `%XX` (so a value cannot add path segments).
    static func percentEncoded(_ text: String) -> String { PercentEncoding.unreservedOnly(text) }

    /// `scheme://host:port` of a URL: the unit a breaker guards.
    static func target(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + authority
    }
}
