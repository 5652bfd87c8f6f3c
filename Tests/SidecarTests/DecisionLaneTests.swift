import DataStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix
import RegoValue
import Testing
@testable import Sidecar

/// The decision lane on its own (an embedded channel: what it answers and what it hands to the
/// router) and in the real server (its answers equal the router's).
@Suite struct DecisionLaneTests {
    static let policies = [
        "authz.rego": SidecarFixture.authz,
        "broken.rego": "package broken\n\nx := 1\nx := 2 if input.twice\n",
        "main.rego": "package system\n\nmain := {\"hello\": input.name}\n",
    ]

    /// A lane over a fresh sidecar, in an embedded channel with a client address.
    func withLane(_ body: (EmbeddedChannel, SidecarServer) throws -> Void) throws {
        var fixture = try SidecarFixture(policies: DecisionLaneTests.policies)
        fixture.configuration.limits.maxBodyBytes = 64
        defer { fixture.remove() }
        let server = try fixture.server()
        // As in the server: the lane writes its answers past NIO's response encoder.
        let channel = EmbeddedChannel(handlers: [HTTPResponseEncoder(), DecisionLane(api: server.api(), turns: LoopTurns())])
        channel.remoteAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 40123)
        try body(channel, server)
        _ = try? channel.finish()
        Task { await server.shutdown() }
    }

    func send(_ channel: EmbeddedChannel, _ uri: String, _ body: String?, method: HTTPMethod = .POST,
              version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:]) throws {
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: version, method: method, uri: uri, headers: headers)))
        if let body { try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: body))) }
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
    }

    /// The bytes written to the socket so far, joined.
    func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    /// The response the lane wrote: status, headers and body.
    func answer(_ channel: EmbeddedChannel) throws -> (HTTPResponseHead, String)? {
        var bytes = Array(try written(channel).utf8)
        guard !bytes.isEmpty else { return nil }
        guard let (status, headers, body) = DecisionLaneLiveTests.parse(&bytes) else {
            Issue.record("an incomplete response: \(String(decoding: bytes, as: UTF8.self))")
            return nil
        }
        #expect(bytes.isEmpty, "bytes after the response")
        return (HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: HTTPHeaders(Array(headers))), body)
    }

    /// The parts the lane handed on to the router, with the body joined.
    func routed(_ channel: EmbeddedChannel) throws -> (HTTPRequestHead, String)? {
        guard case .head(let head)? = try channel.readInbound(as: HTTPServerRequestPart.self) else { return nil }
        var body = ""
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .body(let buffer): body += String(buffer: buffer)
            case .end: return (head, body)
            case .head: Issue.record("a second head before the end")
            }
        }
        Issue.record("the routed request has no end")
        return nil
    }

    @Test func connectionsOnOneEventLoopShareItsTurns() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let loops = Array(group.makeIterator())
        #expect(LoopTurns.of(loops[0]) === LoopTurns.of(loops[0]))
        #expect(LoopTurns.of(loops[1]) === LoopTurns.of(loops[1]))
        #expect(LoopTurns.of(loops[0]) !== LoopTurns.of(loops[1]))
    }

    @Test func routesOnlyPlainDecisionRequests() throws {
        func route(_ uri: String, method: HTTPMethod = .POST, version: HTTPVersion = .http1_1, close: Bool = false) -> DecisionLane.Route? {
            DecisionLane.route(HTTPRequestHead(version: version, method: method, uri: uri, headers: close ? ["Connection": "close"] : [:]))
        }
        #expect(route("/v1/data/authz/allow") == .v1(["authz", "allow"]))
        #expect(route("/v1/data") == .v1([]))
        #expect(route("/v0/data/authz/allow") == .v0(["authz", "allow"]))
        #expect(route("/") == .root)
        #expect(route("/v0/data/system/main") == .v0(["system", "main"]))
        #expect(DecisionLane.Route.root.endpoint == "/")
        #expect(DecisionLane.Route.v0(["system", "main"]).endpoint == "/v0/data")
        // The router keeps everything else.
        #expect(route("/v1/data/authz/allow", method: .GET) == nil)
        #expect(route("/v1/data/authz", method: .PUT) == nil)
        #expect(route("/v1/data/authz/allow?pretty") == nil)
        #expect(route("/v1/data/a%20b") == nil)
        #expect(route("/v1/data//allow") == nil)
        #expect(route("/v1/data/authz/") == nil)
        #expect(route("/v1/dat") == nil)
        #expect(route("/v1/database") == nil)
        #expect(route("/v2/data/x") == nil)
        #expect(route("/v1/query") == nil)
        #expect(route("/v1/pipelines/orders") == nil)
        #expect(route("/v1/data/authz/allow", version: .http1_0) == nil)
        #expect(route("/v1/data/authz/allow", close: true) == nil)
    }

    @Test func answersADecisionAndRecordsIt() throws {
        try withLane { channel, server in
            try send(channel, "/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#)
            #expect(try channel.readInbound(as: HTTPServerRequestPart.self) == nil)
            let (head, text) = try #require(try answer(channel))
            #expect(head.status == .ok)
            #expect(head.headers["Content-Type"] == ["application/json"])
            #expect(head.headers["Content-Length"] == [String(text.utf8.count)])
            #expect(head.headers["Server"] == ["tollgate"])
            #expect(head.headers["Date"].first?.hasSuffix(" GMT") == true)
            let doc = try JSONReader.parse(text)
            #expect(doc[.string("result")] == .bool(true))
            let id = try #require(doc[.string("decision_id")]?.stringValue)
            let record = try #require(try server.decisionLog?.store.get(id: id))
            #expect(record.path == "authz/allow")
            #expect(record.allowed == true)
            #expect(record.requestedBy == "127.0.0.1:40123")
            #expect(server.metrics.render(policyErrors: 0, decisionLog: nil).contains(#"tollgate_http_requests_total{endpoint="/v1/data",code="200"} 1"#))
        }
    }

    @Test func aConnectionSeesDataAndPolicyChangesBetweenItsRequests() throws {
        try withLane { channel, server in
            func allowed() throws -> Value? {
                try send(channel, "/v1/data/authz/allow", #"{"input": {"user": "zoe"}}"#)
                let (_, text) = try #require(try answer(channel))
                return try JSONReader.parse(text)[.string("result")]
            }
            #expect(try allowed() == .bool(false))
            // The same connection asks again after a data write and after a policy change.
            server.runtime.update(from: try server.store.put(path: DataPath(segments: ["admins"]), value: ["zoe"]))
            #expect(try allowed() == .bool(true))
            server.runtime.update(from: try server.store.putPolicy(id: "authz.rego", text: "package authz\n\nallow := false\n"))
            #expect(try allowed() == .bool(false))
            // Another path in between, then the first again.
            try send(channel, "/v0/data/system/main", #"{"name": "zoe"}"#)
            let (head, text) = try #require(try answer(channel))
            #expect(head.status == .ok)
            #expect(try JSONReader.parse(text) == ["hello": "zoe"])
            #expect(try allowed() == .bool(false))
        }
    }

    @Test func answersV0AndErrorsAsTheAPIDoes() throws {
        try withLane { channel, _ in
            try send(channel, "/", #"{"name": "ada"}"#)
            var (head, text) = try #require(try answer(channel))
            #expect(head.status == .ok)
            #expect(text == "{\"hello\":\"ada\"}\n")

            try send(channel, "/v0/data/authz/nothing", "{}")
            (head, text) = try #require(try answer(channel))
            #expect(head.status == .notFound)
            #expect(try JSONReader.parse(text)[.string("code")] == "undefined_document")

            try send(channel, "/v1/data/authz/allow", #"{"input": "#)
            (head, text) = try #require(try answer(channel))
            #expect(head.status == .badRequest)
            #expect(text.contains("body is not valid JSON: line 1, column"))

            try send(channel, "/v1/data/authz/allow", "[1]")
            (head, text) = try #require(try answer(channel))
            #expect(head.status == .badRequest)

            try send(channel, "/v1/data/broken/x", #"{"input": {"twice": true}}"#)
            (head, text) = try #require(try answer(channel))
            #expect(head.status == .internalServerError)
            #expect(try JSONReader.parse(text)[.string("errors")]?[.int(0)]?[.string("code")] == "eval_conflict_error")

            // No body: undefined input, as the router treats it.
            try send(channel, "/v1/data/authz/allow", nil)
            (head, text) = try #require(try answer(channel))
            #expect(try JSONReader.parse(text)[.string("result")] == .bool(false))
        }
    }

    @Test func handsTheRouterWhatItDoesNotTake() throws {
        try withLane { channel, _ in
            try send(channel, "/v1/data/authz/allow?pretty", #"{"input": {}}"#)
            #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
            let (head, body) = try #require(try routed(channel))
            #expect(head.uri == "/v1/data/authz/allow?pretty")
            #expect(body == #"{"input": {}}"#)

            // Over the body limit (64 bytes here): the router gets every byte and answers 413.
            let big = #"{"input": ""# + String(repeating: "x", count: 100) + #""}"#
            try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/data/authz/allow")))
            for chunk in stride(from: 0, to: big.utf8.count, by: 40) {
                let bytes = Array(big.utf8)[chunk..<min(chunk + 40, big.utf8.count)]
                try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(bytes: bytes)))
            }
            try channel.writeInbound(HTTPServerRequestPart.end(nil))
            let (_, whole) = try #require(try routed(channel))
            #expect(whole == big)
        }
    }

    @Test func waitsForTheRouterSoPipelinedAnswersKeepTheirOrder() throws {
        try withLane { channel, _ in
            try send(channel, "/health", nil, method: .GET)
            #expect(try routed(channel)?.0.uri == "/health")
            // The router has not answered /health yet: the decision goes behind it.
            try send(channel, "/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#)
            #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
            #expect(try routed(channel)?.0.uri == "/v1/data/authz/allow")
            // Both routed responses end: the lane takes the next decision itself.
            for _ in 0..<2 {
                try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
                try channel.writeOutbound(HTTPServerResponsePart.end(nil))
            }
            #expect(try written(channel) == "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n" + "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n")
            try send(channel, "/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#)
            #expect(try answer(channel)?.0.status == .ok)
            #expect(try channel.readInbound(as: HTTPServerRequestPart.self) == nil)
        }
    }

    @Test func routedAnswersToHeadCarryTheirHeadAlone() throws {
        try withLane { channel, _ in
            try send(channel, "/health", nil, method: .HEAD)
            try send(channel, "/health", nil, method: .GET)
            try send(channel, "/anything", nil, method: .HEAD)
            #expect(try routed(channel)?.0.method == .HEAD)
            #expect(try routed(channel)?.0.method == .GET)
            #expect(try routed(channel)?.0.method == .HEAD)
            func respond(_ headers: HTTPHeaders, _ body: String) throws {
                try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
                try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: body))))
                try channel.writeOutbound(HTTPServerResponsePart.end(nil))
            }
            // The head as the router gave it, its length included; no body.
            try respond(["Content-Length": "2"], "{}")
            #expect(try written(channel) == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
            // The GET between them keeps its body.
            try respond(["Content-Length": "2"], "{}")
            #expect(try written(channel) == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
            // Without a length, no chunked ending either.
            try respond([:], "{}")
            #expect(try written(channel) == "HTTP/1.1 200 OK\r\n\r\n")
            // Then the lane answers again, with its body.
            try send(channel, "/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#)
            let (head, text) = try #require(try answer(channel))
            #expect(head.status == .ok)
            #expect(try JSONReader.parse(text)[.string("result")] == .bool(true))
        }
    }

    @Test func informationalHeadsLeaveTheMethodForTheFinalOne() throws {
        try withLane { channel, _ in
            try send(channel, "/health", nil, method: .HEAD)
            #expect(try routed(channel)?.0.method == .HEAD)
            try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .continue)))
            try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "2"])))
            try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: "{}"))))
            try channel.writeOutbound(HTTPServerResponsePart.end(nil))
            #expect(try written(channel) == "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
        }
    }

    @Test func writesTheDecisionBodyAsTheObjectWouldBe() throws {
        let results: [Value?] = [nil, .bool(true), .null, ["b": [1, 2.5, "x\"y\n"], "a": ["nested": true]], .string("ünï")]
        for result in results {
            var object = JSONWriter(indent: 0)
            object.write(SidecarAPI.decisionBody(id: "0192-id", result: result))
            var direct = JSONWriter(indent: 0)
            SidecarAPI.writeDecisionBody(id: "0192-id", result: result, into: &direct)
            #expect(direct.text == object.text)
        }
    }

    @Test func datesAreIMFFixdate() {
        var t = tm()
        var zero = time_t(0)
        gmtime_r(&zero, &t)
        #expect(HTTPDate.format(t) == "Thu, 01 Jan 1970 00:00:00 GMT")
        var later = time_t(1_796_022_272)
        gmtime_r(&later, &t)
        #expect(HTTPDate.format(t) == "Mon, 30 Nov 2026 07:04:32 GMT")
    }
}

/// The lane inside the real server, against the router's answers to the same requests.
@Suite struct DecisionLaneLiveTests {
    typealias Answer = (status: Int, headers: [String: String], body: String)

    /// Sends raw HTTP/1.1 requests on one connection, all at once, and reads as many responses, on
    /// a thread of its own: blocking reads on the tasks' threads would starve the server under test.
    /// Responses to `HEAD` requests carry no body whatever their length says.
    func exchange(_ port: Int, _ requests: [String]) async throws -> [Answer] {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try DecisionLaneLiveTests.blockingExchange(port, requests) })
            }.start()
        }
    }

    static func blockingExchange(_ port: Int, _ requests: [String]) throws -> [Answer] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw ExchangeError(message: "cannot connect to port \(port)") }
        let bytes = Array(requests.joined().utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw ExchangeError(message: "the requests were not sent whole")
        }
        var received: [UInt8] = []
        var responses: [Answer] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while responses.count < requests.count {
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { throw ExchangeError(message: "the server closed the connection after \(responses.count) responses") }
            received += buffer[0..<n]
            while responses.count < requests.count,
                  let response = parse(&received, bodiless: requests[responses.count].hasPrefix("HEAD ")) {
                responses.append(response)
            }
        }
        return responses
    }

    struct ExchangeError: Error { let message: String }

    /// One complete response from the front of `bytes` (removed), or nil when more must be read.
    static func parse(_ bytes: inout [UInt8], bodiless: Bool = false) -> (Int, [String: String], String)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            headers[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        let headerBytes = text[..<end.upperBound].utf8.count
        let length = bodiless ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        guard bytes.count >= headerBytes + length else { return nil }
        let body = String(decoding: bytes[headerBytes..<headerBytes + length], as: UTF8.self)
        bytes.removeFirst(headerBytes + length)
        return (status, headers, body)
    }

    static func post(_ path: String, _ body: String, version: String = "HTTP/1.1") -> String {
        "POST \(path) \(version)\r\nHost: localhost\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// Runs the real server over the lane tests' policies and calls `body` with its port.
    func withLiveServer(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let fixture = try SidecarFixture(policies: DecisionLaneTests.policies)
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    /// A decision id replaced by a fixed text, so two answers compare.
    static func normalised(_ body: String) -> String {
        body.replacingOccurrences(of: #""decision_id":"[0-9a-f-]+""#, with: #""decision_id":"ID""#, options: .regularExpression)
    }

    @Test func laneAndRouterAnswerAlike() async throws {
        try await withLiveServer { port in
            let cases: [(String, String)] = [
                ("/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#),
                ("/v1/data/authz/allow", #"{"input": {"user": "eve"}}"#),
                ("/v1/data/authz", #"{"input": {"user": "bob", "method": "GET"}}"#),
                ("/v1/data/authz/nothing", "{}"),
                ("/v1/data/authz/allow", ""),
                ("/v1/data/authz/allow", "{"),
                ("/v1/data/authz/allow", "[]"),
                ("/v1/data/broken/x", #"{"input": {"twice": true}}"#),
                ("/v0/data/authz/allow", #"{"user": "alice"}"#),
                ("/v0/data/authz/nothing", "{}"),
                ("/", #"{"name": "ada"}"#),
            ]
            for (path, body) in cases {
                // `?pretty=false` changes nothing in the answer but sends the request to the router.
                let routerPath = path + "?pretty=false"
                let answers = try await exchange(port, [DecisionLaneLiveTests.post(path, body), DecisionLaneLiveTests.post(routerPath, body)])
                let (lane, router) = (answers[0], answers[1])
                #expect(lane.status == router.status, "\(path) \(body)")
                #expect(DecisionLaneLiveTests.normalised(lane.body) == DecisionLaneLiveTests.normalised(router.body), "\(path) \(body)")
                for name in ["content-type", "content-length", "server"] {
                    #expect(lane.headers[name] == router.headers[name], "\(name) of \(path) \(body)")
                }
                #expect(lane.headers["date"] != nil)
            }
        }
    }

    @Test func pipelinedRequestsAnswerInOrder() async throws {
        try await withLiveServer { port in
            let requests = [
                "GET /v1/data/admins HTTP/1.1\r\nHost: localhost\r\n\r\n",
                DecisionLaneLiveTests.post("/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#),
                DecisionLaneLiveTests.post("/v1/data/authz/allow?pretty=false", #"{"input": {"user": "eve"}}"#),
                DecisionLaneLiveTests.post("/", #"{"name": "ada"}"#),
                "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n",
                DecisionLaneLiveTests.post("/v1/data/authz/allow", #"{"input": {"user": "bob"}}"#),
            ]
            let answers = try await exchange(port, requests)
            let results = try answers.map { try JSONReader.parse($0.body) }
            #expect(results[0][.string("result")] == .array([.string("alice")]))
            #expect(results[1][.string("result")] == .bool(true))
            #expect(results[2][.string("result")] == .bool(false))
            #expect(results[3] == .object(RegoObject([("hello", .string("ada"))])))
            #expect(results[4] == .object(RegoObject()))
            #expect(results[5][.string("result")] == .bool(false))
        }
    }

    @Test func headRequestsGetAHeadAndTheConnectionGoesOn() async throws {
        try await withLiveServer { port in
            let requests = [
                "HEAD /v1/data/admins HTTP/1.1\r\nHost: localhost\r\n\r\n",
                DecisionLaneLiveTests.post("/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#),
                "HEAD /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /v1/data/admins HTTP/1.1\r\nHost: localhost\r\n\r\n",
            ]
            let answers = try await exchange(port, requests)
            #expect(answers[0].body.isEmpty)
            #expect(try JSONReader.parse(answers[1].body)[.string("result")] == .bool(true))
            #expect(answers[2].status == 404)
            #expect(answers[2].body.isEmpty)
            #expect(try JSONReader.parse(answers[3].body)[.string("result")] == .array([.string("alice")]))
        }
    }

    @Test func http10AndClosingClientsAreServed() async throws {
        try await withLiveServer { port in
            let old = try await exchange(port, [DecisionLaneLiveTests.post("/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#, version: "HTTP/1.0")])
            #expect(try JSONReader.parse(old[0].body)[.string("result")] == .bool(true))
            let closing = "POST /v1/data/authz/allow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 28\r\n\r\n{\"input\": {\"user\": \"alice\"}}"
            let answer = try await exchange(port, [closing])
            #expect(try JSONReader.parse(answer[0].body)[.string("result")] == .bool(true))
        }
    }
}
