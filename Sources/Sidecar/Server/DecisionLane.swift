#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import RegoValue

/// Answers policy decisions, `POST /v1/data/{path}`, `POST /v0/data/{path}` and `POST /`, on the
/// event loop that read them: the request is evaluated, recorded and answered in the same
/// `channelRead`, with no task, async sequence or router between the socket and the policy. These
/// are the calls a service makes on every request it takes, so they get the short path; the
/// answers are those of the router (`SidecarAPI.evaluate` does the work for both), and a test
/// compares them byte for byte.
///
/// Every other request goes to the router unchanged, and so does a decision request the lane
/// does not take: one with a query string (`?pretty`, `?metrics`, ...), an escape or an empty
/// segment in its path, a body over `limits.max_body_bytes`, or a connection that is not HTTP/1.1
/// keep-alive. While the router holds a request, the lane answers nothing, so that responses keep
/// the order of their requests when a client pipelines them.
///
/// It sits between NIO's HTTP/1 decoder and the conversion to Hummingbird's request parts
/// (`SidecarHTTP1Channel`). Its answers go out as bytes (`ResponseBytes`), written past NIO's
/// response encoder, which the router's responses still go through. That encoder is not told the
/// methods of requests (the decoder tells it when NIO's own pipeline set-up wires them together,
/// and the lane's answers would never take theirs off its queue), so the lane keeps the methods of
/// the requests it hands on and gives a response to `HEAD` or `CONNECT` its head alone, as the
/// encoder would.
final class DecisionLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// What a decision request asks for.
    enum Route: Equatable {
        /// `/v1/data/{path}`: `{"decision_id", "result"}` from a body `{"input": ...}`.
        case v1([String])
        /// `/v0/data/{path}`: the bare value from a body that is the input.
        case v0([String])
        /// `POST /`: as v0, for `data.system.main`.
        case root

        /// The endpoint family in `/metrics`, as the router's middleware names it.
        var endpoint: String {
            switch self {
            case .v1: return "/v1/data"
            case .v0: return "/v0/data"
            case .root: return "/"
            }
        }
    }

    private enum State {
        case idle
        /// Reading the body of a request the lane will answer.
        case collecting(HTTPRequestHead, Route, ByteBuffer?, started: Double)
        /// Passing a request's parts to the router.
        case routing
    }

    private let api: SidecarAPI
    private var state = State.idle
    /// Requests passed to the router whose response has not ended yet.
    private var routed = 0
    /// The methods of the requests passed to the router whose response has not started yet.
    private var routedMethods: [HTTPMethod] = []
    /// Whether the router's response being written answers a `HEAD` or `CONNECT`: no body goes out.
    private var bodiless = false
    /// Where the lane's bytes go: the context of NIO's response encoder, whose next handler is the
    /// socket; the lane's own where the pipeline has no encoder.
    private var outlet: ChannelHandlerContext?
    private var client: String?
    private var date = HTTPDate()
    /// The state and query of the last path asked, while the policy set does not change: most
    /// connections ask one path over and over, and this saves two shared locks per decision.
    private var prepared: SidecarAPI.PreparedDecision?
    /// The last URI a decision request on this connection asked for, and its route.
    private var lastRoute: (uri: String, route: Route?)?

    /// The turns of the event loop this connection is on.
    private let turns: LoopTurns

    init(api: SidecarAPI, turns: LoopTurns) {
        self.api = api
        self.turns = turns
    }

    func handlerAdded(context: ChannelHandlerContext) {
        outlet = (try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)) ?? context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        outlet = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if routed == 0, let route = route(head) {
                state = .collecting(head, route, nil, started: SystemClock.monotonicSeconds())
            } else {
                routed += 1
                routedMethods.append(head.method)
                state = .routing
                context.fireChannelRead(data)
            }
        case .body(var part):
            switch state {
            case .collecting(let head, let route, var body, let started):
                state = .idle  // keeps `body` uniquely referenced while it grows
                if body == nil { body = part } else { body!.writeBuffer(&part) }
                if body!.readableBytes > api.limits.maxBodyBytes {
                    // The router answers 413 as it always does.
                    handOver(context, head, body)
                } else {
                    state = .collecting(head, route, body, started: started)
                }
            case .routing, .idle:
                context.fireChannelRead(data)
            }
        case .end:
            switch state {
            case .collecting(_, let route, let body, let started):
                state = .idle
                answer(context, route, body ?? ByteBuffer(), started: started)
            case .routing, .idle:
                state = .idle
                context.fireChannelRead(data)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            // A non-final informational head (any 1xx but 101) is followed by the final one.
            let informational = (100..<200).contains(head.status.code) && head.status.code != 101
            if !informational, !routedMethods.isEmpty {
                let method = routedMethods.removeFirst()
                bodiless = method == .HEAD || method == .CONNECT
            }
            guard bodiless, let outlet else { break }
            // The head as it goes, past the encoder, which would otherwise frame a body (or a
            // chunked ending) that must not follow it. The router's flush, through the encoder,
            // flushes the channel and takes it along.
            var buffer = outlet.channel.allocator.buffer(capacity: 256)
            ResponseBytes.head(head, into: &buffer)
            outlet.write(NIOAny(buffer), promise: promise)
            return
        case .body:
            guard bodiless else { break }
            promise?.succeed()
            return
        case .end:
            if routed > 0 { routed -= 1 }
            guard bodiless else { break }
            bodiless = false
            promise?.succeed()
            return
        }
        context.write(data, promise: promise)
    }

    /// Hands a request the lane has started reading to the router.
    private func handOver(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: ByteBuffer?) {
        routed += 1
        routedMethods.append(head.method)
        state = .routing
        context.fireChannelRead(wrapInboundOut(.head(head)))
        if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
    }

    private func answer(_ context: ChannelHandlerContext, _ route: Route, _ body: ByteBuffer, started: Double) {
        if client == nil { client = SidecarRequestContext.clientAddress(context.channel.remoteAddress) }
        var writer = JSONWriter(indent: 0)
        var status = HTTPResponseStatus.ok
        do throws(APIError) {
            switch route {
            case .v1(let path):
                let input = try SidecarAPI.v1Input(body: try SidecarAPI.parseJSON(body: body))
                let id = SidecarAPI.newDecisionID()
                let (result, _) = try api.evaluate(try prepare(path), input: input, strict: false, decisionID: id, requestedBy: client ?? "")
                SidecarAPI.writeDecisionBody(id: id, result: result, into: &writer)
            case .v0, .root:
                let path = if case .v0(let p) = route { p } else { ["system", "main"] }
                let input = try SidecarAPI.parseJSON(body: body)
                let (result, _) = try api.evaluate(try prepare(path), input: input, strict: false, decisionID: SidecarAPI.newDecisionID(),
                                                   requestedBy: client ?? "")
                guard let result else { throw SidecarAPI.undefinedDocument(path) }
                writer.write(result)
            }
        } catch {
            // Nothing is written before the last step of each case, which cannot fail.
            writer.write(error.body)
            status = HTTPResponseStatus(statusCode: Int(error.status.code))
        }
        writer.append(raw: "\n")
        let outlet = outlet ?? context
        let buffer = writer.withBytes { body in
            var buffer = outlet.channel.allocator.buffer(capacity: body.count + 160)
            ResponseBytes.answer(status: status, date: date.now(), body: body, into: &buffer)
            return buffer
        }
        outlet.writeAndFlush(NIOAny(buffer), promise: nil)
        api.metrics.recordRequest(endpoint: route.endpoint, status: Int(status.code), seconds: SystemClock.monotonicSeconds() - started)
        // The answer is on its way: a thread waiting for this core may take it now.
        turns.answered()
    }

    /// The prepared decision for `path`, reused while the runtime's generation is the same.
    private func prepare(_ path: [String]) throws(APIError) -> SidecarAPI.PreparedDecision {
        if let prepared, prepared.generation == api.runtime.generation, prepared.path == path { return prepared }
        let fresh = try api.prepare(path: path)
        prepared = fresh
        return fresh
    }

    /// `DecisionLane.route(head)`, with the route of the last URI kept: a connection asks one
    /// path over and over, and reading the URI took more instructions than writing the answer.
    private func route(_ head: HTTPRequestHead) -> Route? {
        guard DecisionLane.mayTake(head) else { return nil }
        if let lastRoute, lastRoute.uri == head.uri { return lastRoute.route }
        let route = DecisionLane.route(uri: head.uri)
        lastRoute = (head.uri, route)
        return route
    }

    /// The decision a request asks for, or nil when the router is to answer it.
    static func route(_ head: HTTPRequestHead) -> Route? {
        mayTake(head) ? route(uri: head.uri) : nil
    }

    /// Whether the lane may answer a request with this head, whatever its URI: an HTTP/1.1
    /// keep-alive `POST`.
    private static func mayTake(_ head: HTTPRequestHead) -> Bool {
        head.method == .POST && head.version == .http1_1 && head.isKeepAlive
    }

    /// The decision a `POST` to `uri` asks for, or nil when the router is to answer it.
    private static func route(uri text: String) -> Route? {
        let uri = text.utf8
        guard uri.first == UInt8(ascii: "/"), !uri.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "#") }) else {
            return nil
        }
        if uri.count == 1 { return .root }
        let segments = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        guard segments.count >= 2, !segments.contains(where: { $0.isEmpty }),
              segments[2].elementsEqual("data".utf8) else { return nil }
        let path = segments.dropFirst(2).map { String(decoding: $0, as: UTF8.self) }
        if segments[1].elementsEqual("v1".utf8) { return .v1(path) }
        if segments[1].elementsEqual("v0".utf8) { return .v0(path) }
        return nil
    }
}

/// The `Date` header's text, formatted once a second.
struct HTTPDate {
    private var second = -1
    private var text = ""

    mutating func now() -> String {
        var seconds = time(nil)
        if seconds != second {
            second = seconds
            var parts = tm()
            gmtime_r(&seconds, &parts)
            text = HTTPDate.format(parts)
        }
        return text
    }

    /// RFC 9110's IMF-fixdate: `Mon, 30 Nov 2026 07:04:32 GMT`.
    static func format(_ t: tm) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(t.tm_wday)]), \(two(t.tm_mday)) \(months[Int(t.tm_mon)]) \(1900 + t.tm_year) "
            + "\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec)) GMT"
    }
}
