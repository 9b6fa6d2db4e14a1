import Foundation
import NIOCore
import NIOHTTP1

/// Answers `GET /auth/check` in each HTTP/1 connection's channel pipeline, straight after NIO's HTTP/1 codec and
/// before Hummingbird (see ``GatewayHTTP1Channel``), for the checks ``ForwardAuthWirePath`` (before the codec) left
/// to NIO's parser.
///
/// Forward-auth is the gateway's hottest path: the reverse proxy asks once per request of every signed-in user.
/// Through the router each check costs a conversion to Hummingbird's types, a hop into Swift concurrency, a task,
/// the middleware chain and the way back; here it is one synchronous session read
/// (``SessionManager/identityImmediately(token:)``) on the connection's event loop. The semantics are the route's,
/// not a second policy: the same ``ForwardAuthAnswer``, the same standard headers, the same metrics, and every
/// answer reflects the database as of this request (a revoked session or a deprovisioned user is refused at the
/// very next check, by every instance sharing the database).
///
/// Everything else passes through untouched, and so does a check when
/// - the store cannot answer without suspending (PostgreSQL), the read failed (the route answers 503 and logs it),
///   or the session is due for its idle-expiry write (once a minute per session): the route does those;
/// - a request already passed to Hummingbird on this connection has not been answered yet (HTTP/1 pipelining:
///   answers leave in request order);
/// - it carries a body, or is not a plain `GET /auth/check[?…]`.
///
/// `Connection: close` (and HTTP/1.0 without keep-alive, nginx's `auth_request` default) is honoured: the answer
/// says so and the connection closes after it.
final class ForwardAuthFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    static let path = "/auth/check"

    private let runtime: GatewayRuntime
    private let serverName: String
    /// A check whose head was read, waiting for its end.
    private var held: HTTPRequestHead?
    /// Requests passed on to Hummingbird whose response has not ended yet.
    private var passedOn = 0
    private var needsFlush = false
    private var closing = false
    private var date = HTTPDate()
    private var requestIDs = RequestIDSequence()

    /// The connection's ``ForwardAuthWirePath``, told whenever a response ends.
    private let wire: ForwardAuthWirePath?

    init(runtime: GatewayRuntime, serverName: String, wire: ForwardAuthWirePath? = nil) {
        self.runtime = runtime
        self.serverName = serverName
        self.wire = wire
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if passedOn == 0, Self.isCheck(head) {
                held = head
            } else {
                passedOn += 1
                context.fireChannelRead(data)
            }
        case .body:
            if let head = held {  // a check with a body: the ordinary way
                held = nil
                passOn(head, context: context)
            }
            context.fireChannelRead(data)
        case .end:
            guard let head = held else {
                context.fireChannelRead(data)
                return
            }
            held = nil
            if !answer(head, context: context) {
                passOn(head, context: context)
                context.fireChannelRead(data)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        if passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
        wire?.responseEnded()
    }

    private func passOn(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        passedOn += 1
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// `GET /auth/check` or `GET /auth/check?…`, HTTP/1.x, no body announced.
    static func isCheck(_ head: HTTPRequestHead) -> Bool {
        guard head.method == .GET, head.version.major == 1, head.uri.hasPrefix(Self.path) else { return false }
        let rest = head.uri.utf8.dropFirst(Self.path.utf8.count)
        guard rest.isEmpty || rest.first == UInt8(ascii: "?") else { return false }
        return !head.headers.contains(name: "content-length") && !head.headers.contains(name: "transfer-encoding")
    }

    /// Writes the answer and returns true, or returns false when the route must answer.
    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> Bool {
        let start = ContinuousClock.now
        let identity: SessionIdentity?
        switch ForwardAuthAnswer.immediateIdentity(cookieHeaders: head.headers["cookie"], runtime: runtime) {
        case .identity(let found): identity = found
        case .none: identity = nil
        case .deferred: return false
        }
        let answer = ForwardAuthAnswer.make(identity: identity, runtime: runtime) { head.headers.first(name: $0) }
        let keepAlive = head.isKeepAlive
        let headers = HTTPHeaders(
            answer.allHeaders(
                requestID: requestIDs.next(), date: date.now(), serverName: serverName, keepAlive: keepAlive,
                isHTTP10: head.version == .http1_0))
        let status = HTTPResponseStatus(statusCode: answer.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if !answer.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: answer.body)))), promise: nil)
        }
        if keepAlive {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            needsFlush = true
            wire?.responseEnded()
        } else {
            closing = true
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
        }
        runtime.metrics.fastPathAuthCheck(allowed: identity != nil, since: start)
        return true
    }
}
