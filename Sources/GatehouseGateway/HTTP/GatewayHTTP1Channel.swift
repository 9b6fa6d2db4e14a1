import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel (`HTTP1Channel`, same handlers, same limits) with two additions for
/// forward-auth: ``ForwardAuthWirePath`` before NIO's HTTP/1 codec (checks answered from the bytes) and
/// ``ForwardAuthFastPath`` straight after it, before the conversion to Hummingbird's request type.
///
/// Pipeline: ``ForwardAuthWirePath`` → NIO HTTP/1 decoder + encoder → ``ForwardAuthFastPath`` →
/// `HTTP1ToHTTPServerCodec` → `HTTPConnectionStateHandler` → Hummingbird's router (through `NIOAsyncChannel`).
struct GatewayHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let runtime: GatewayRuntime
    let serverName: String

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let wire = ForwardAuthWirePath(runtime: runtime, serverName: serverName)
            try channel.pipeline.syncOperations.addHandler(wire)
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: false,  // requests are answered in order by the fast path and NIOAsyncChannel
                withErrorHandling: false,  // Hummingbird answers parse errors
                withOutboundHeaderValidation: false,  // HTTPTypes validates the router's headers; the fast path's are built safe
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: .init()
            )
            try channel.pipeline.syncOperations.addHandler(ForwardAuthFastPath(runtime: runtime, serverName: serverName, wire: wire))
            try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
