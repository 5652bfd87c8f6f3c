import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Integration
import RegoValue
import Synchronization
import Testing
@testable import Sidecar

/// A real upstream on 127.0.0.1 that counts its hits per path.
final class Upstream: Sendable {
    let hits = Mutex<[String: Int]>([:])

    func count(_ path: String) -> Int { hits.withLock { $0[path] ?? 0 } }

    private func hit(_ path: String) -> Int {
        hits.withLock { all in
            all[path, default: 0] += 1
            return all[path] ?? 0
        }
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/items/{item}/reserve") { request, context in
            _ = self.hit("/reserve")
            let sent = try await request.body.collect(upTo: 65536)
            let item = context.parameters.get("item").flatMap { $0.removingPercentEncoding } ?? ""
            let text = #"{"reserved": "\#(item)", "sent": \#(String(buffer: sent))}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/stock") { _, _ in
            _ = self.hit("/stock")
            return Response(status: .ok, headers: [.contentType: "application/xml"],
                            body: .init(byteBuffer: ByteBuffer(string: "<stock><item sku=\"w1\">widget</item><item sku=\"g1\">gadget</item></stock>")))
        }
        router.post("/conflict") { _, _ in
            _ = self.hit("/conflict")
            return Response(status: .conflict, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "already reserved")))
        }
        // Fails twice with 503, then answers.
        router.on("/flaky", method: .get) { _, _ in
            let n = self.hit("/flaky")
            return Response(status: n <= 2 ? .serviceUnavailable : .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"attempt": \#(n)}"#)))
        }
        router.on("/flaky", method: .post) { _, _ in
            let n = self.hit("/flaky-post")
            return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "busy \(n)")))
        }
        router.get("/down") { _, _ in
            _ = self.hit("/down")
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "down")))
        }
        router.get("/slow") { _, _ in
            _ = self.hit("/slow")
            try await Task.sleep(nanoseconds: 1_500_000_000)
            return Response(status: .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite struct UpstreamConnectorTests {
    static let policy = """
        package up

        allow := true

        row := input.body
        """

    /// A sidecar whose pipelines each call one operation of an http connector at `url`.
    func makeFixture(url: String, configure: (inout HTTPConnectorDefinition) -> Void = { _ in }) throws -> SidecarFixture {
        var fixture = try SidecarFixture(policies: ["up.rego": Self.policy])
        var http = HTTPConnectorDefinition(baseURL: url)
        // Generous: the whole suite runs in parallel on two cores. The timeout test shortens it.
        http.timeoutNanoseconds = 15_000_000_000
        http.retry.initialBackoffNanoseconds = 1_000_000
        http.retry.maxBackoffNanoseconds = 5_000_000
        http.operations = [
            .init(name: "reserve", method: "POST", path: "/items/{item}/reserve"),
            .init(name: "stock", method: "GET", path: "/stock"),
            .init(name: "conflict", method: "POST", path: "/conflict"),
            .init(name: "flaky", method: "GET", path: "/flaky"),
            .init(name: "flaky-post", method: "POST", path: "/flaky"),
            .init(name: "down", method: "GET", path: "/down"),
            .init(name: "slow", method: "GET", path: "/slow"),
        ]
        configure(&http)
        fixture.configuration.integration.connectors["up"] = .http(http)
        for operation in http.operations {
            var pipeline = PipelineDefinition(name: operation.name, decision: ["up", "allow"])
            pipeline.transform = ["up", "row"]
            pipeline.connector = ConnectorReference(connector: "up", operation: operation.name)
            fixture.configuration.integration.pipelines.append(pipeline)
        }
        return fixture
    }

    /// Runs `body` against a sidecar whose connector `up` points at `url`, then shuts it down.
    func withSidecar(url: String, configure: @Sendable (inout HTTPConnectorDefinition) -> Void = { _ in },
                     _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try makeFixture(url: url, configure: configure)
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.router) { client in try await body(client) }
        await server.shutdown()
    }

    /// Runs `body` against a sidecar in front of a live `Upstream` on 127.0.0.1.
    func withUpstream(configure: @escaping @Sendable (inout HTTPConnectorDefinition) -> Void = { _ in },
                      _ body: @escaping @Sendable (Upstream, any TestClientProtocol) async throws -> Void) async throws {
        let upstream = Upstream()
        try await upstream.application().test(.live) { live in
            let port = try #require(live.port)
            try await withSidecar(url: "http://127.0.0.1:\(port)", configure: configure) { client in try await body(upstream, client) }
        }
    }

    func call(_ client: some TestClientProtocol, _ pipeline: String, _ json: String = "{}") async throws -> (HTTPResponse.Status, Value, String) {
        try await client.execute(uri: "/v1/pipelines/\(pipeline)", method: .post, headers: [.contentType: "application/json", .accept: "application/json"],
                                 body: body(json)) { response in
            let text = String(buffer: response.body)
            return (response.status, (try? JSONReader.parse(text)) ?? .string(text), text)
        }
    }

    @Test func answersPassThroughAndEachOutcomeIsRecorded() async throws {
        try await withUpstream { _, client in
            // URL template, JSON body out and in.
            let (status, doc, _) = try await call(client, "reserve", #"{"item": "a b/c", "quantity": 2}"#)
            #expect(status == .ok)
            #expect(doc[.string("result")]?[.string("reserved")] == "a b/c")
            #expect(doc[.string("result")]?[.string("sent")]?[.string("quantity")] == 2)
            // An XML answer from the upstream is decoded.
            let (_, stock, _) = try await call(client, "stock")
            #expect(stock[.string("result")]?[.string("stock")]?[.string("item")]?.arrayValue?.count == 2)
            // A non-2xx answer passes through with its status and body.
            let (conflict, _, text) = try await call(client, "conflict")
            #expect(conflict == .conflict)
            #expect(text == "already reserved")
            let records = try await decisionRecords(client)
            #expect(records.compactMap { $0[.string("outcome")]?.stringValue } == [
                "upstream_status 409: up.conflict", "ok: up.stock", "ok: up.reserve",
            ])
        }
    }

    @Test func idempotentCallsAreRetriedOthersAreNot() async throws {
        try await withUpstream { upstream, client in
            let (status, doc, _) = try await call(client, "flaky")
            #expect(status == .ok)
            #expect(doc[.string("result")]?[.string("attempt")] == 3)
            #expect(upstream.count("/flaky") == 3)
            let (postStatus, _, text) = try await call(client, "flaky-post")
            #expect(postStatus == .serviceUnavailable)
            #expect(text == "busy 1")
            #expect(upstream.count("/flaky-post") == 1)
        }
    }

    @Test func timeoutIs504AndUnreachableIs502() async throws {
        try await withUpstream(configure: {
            $0.retry.retries = 0
            $0.timeoutNanoseconds = 300_000_000
        }) { _, client in
            let (status, doc, _) = try await call(client, "slow")
            #expect(status == .gatewayTimeout)
            #expect(doc[.string("code")] == "upstream_timeout")
            #expect(try await decisionRecords(client).first?[.string("outcome")] == "upstream_timeout: up.slow")
        }
        // Nothing listens on a port that was just released.
        try await withSidecar(url: "http://127.0.0.1:\(try freePort())") { client in
            let (status, doc, _) = try await call(client, "stock")
            #expect(status == .badGateway)
            #expect(doc[.string("code")] == "upstream_unreachable")
        }
    }

    @Test func repeatedFailuresOpenTheBreaker() async throws {
        try await withUpstream(configure: {
            $0.retry.retries = 0
            $0.breaker.failureThreshold = 2
            $0.breaker.openNanoseconds = 60_000_000_000
        }) { upstream, client in
            #expect(try await call(client, "down").0 == .internalServerError)
            #expect(try await call(client, "down").0 == .internalServerError)
            let (status, doc, _) = try await call(client, "down")
            #expect(status == .serviceUnavailable)
            #expect(doc[.string("code")] == "upstream_breaker_open")
            // The breaker guards the whole target: other operations are refused too.
            #expect(try await call(client, "stock").0 == .serviceUnavailable)
            #expect(upstream.count("/down") == 2)
            #expect(upstream.count("/stock") == 0)
        }
    }
}

/// A port that was free a moment ago (bound to 127.0.0.1:0, then closed).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw ConfigurationError(key: "test", line: 0, column: 0, message: "no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
