import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the decision lane in front of the router: the same
/// pipeline as `HTTPServerBuilder.http1()` (NIO's HTTP/1 codec, the conversion to HTTP types, the
/// connection state handler, an async channel for the router), plus `DecisionLane` right after the
/// decoder, which writes its answers past the encoder.
struct SidecarHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let api: SidecarAPI

    static func builder(api: SidecarAPI) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in SidecarHTTP1Channel(responder: responder, api: api) }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Hummingbird's own decoder limits, as `HTTPServerBuilder.http1()` applies them.
            let defaults = HTTP1Channel.Configuration().httpDecoder
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = defaults.maxHeaderFieldSize
            limits.maxHeaderListSize = defaults.maxHeaderListSize
            limits.maxHeaderFieldCount = defaults.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            // What `configureHTTPServerPipeline` adds without pipelining assistance, error handling
            // or header validation, except that the decoder does not feed the encoder the methods
            // of requests: the lane answers most requests past the encoder, and keeps the methods
            // of those it hands on itself (see `DecisionLane`).
            try pipeline.addHandler(HTTPResponseEncoder(configuration: .init()))
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
            try pipeline.addHandler(DecisionLane(api: api, turns: LoopTurns.of(channel.eventLoop)))
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
