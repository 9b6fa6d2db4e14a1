import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP receiver on 127.0.0.1 for delivery tests: records every request, answers with a settable status,
/// closes each connection after answering (so a stopped receiver means "connection refused", not a stale pool
/// connection), and can be stopped and restarted on the same port.
final class WebhookReceiver: Sendable {
    struct Request: Sendable {
        var path: String
        /// Header names lower-cased.
        var headers: [String: String]
        var body: [UInt8]
        var status: Int
    }

    private let requests = NIOLockedValueBox<[Request]>([])
    private let status = NIOLockedValueBox(200)
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)
    private let boundPort = NIOLockedValueBox(0)

    var port: Int { boundPort.withLockedValue { $0 } }
    var url: URL { URL(string: "http://127.0.0.1:\(port)/siem")! }
    var received: [Request] { requests.withLockedValue { $0 } }

    /// The status every following request gets (200, 500, 302, …).
    func respond(with code: Int) { status.withLockedValue { $0 = code } }

    /// Binds 127.0.0.1 on the previous port (or a free one the first time).
    func start() async throws {
        let port = self.port
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(Handler(receiver: self))
                }
            }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        boundPort.withLockedValue { $0 = server.localAddress?.port ?? 0 }
        channel.withLockedValue { $0 = server }
    }

    /// Stops listening: connections are refused until ``start()``.
    func stop() async throws {
        let server = channel.withLockedValue { value -> (any Channel)? in
            defer { value = nil }
            return value
        }
        try await server?.close()
    }

    fileprivate func handle(path: String, headers: HTTPHeaders, body: [UInt8]) -> Int {
        let code = status.withLockedValue { $0 }
        var flat: [String: String] = [:]
        for (name, value) in headers { flat[name.lowercased()] = value }
        requests.withLockedValue { $0.append(Request(path: path, headers: flat, body: body, status: code)) }
        return code
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let receiver: WebhookReceiver
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(receiver: WebhookReceiver) { self.receiver = receiver }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                let code = receiver.handle(path: head.uri, headers: head.headers, body: body)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "2")
                headers.add(name: "Connection", value: "close")
                if (300..<400).contains(code) { headers.add(name: "Location", value: "http://127.0.0.1:\(receiver.port)/elsewhere") }
                let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: code), headers: headers)
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
            }
        }
    }
}
