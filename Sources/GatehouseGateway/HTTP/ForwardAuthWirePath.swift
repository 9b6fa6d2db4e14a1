import Foundation
import NIOCore
import NIOHTTP1

/// Answers `GET /auth/check` from the connection's bytes, before NIO's HTTP/1 parser, on connections that carry only
/// forward-auth checks (a reverse proxy's `auth_request` / `forwardAuth` upstream connections).
///
/// Same answer as ``ForwardAuthFastPath`` and the route (one ``ForwardAuthAnswer``, same headers, same session read
/// through ``SessionManager/identityImmediately(token:)``, same metrics), minus the HTTP/1 decode and encode, which
/// are most of the per-check cost once the session read is cached. Measured: `docs/gateway.md`.
///
/// The bytes go to NIO's parser instead, and from then on for the rest of the connection, as soon as they are not a
/// check under ``ForwardAuthWireRequest``'s strict grammar (any other request, a body, an odd header, a head over
/// 8 KB): the wire path never has to agree with NIO about where a message ends, because it only ever gives NIO
/// whole connections' tails, or single complete heads it parsed itself. The latter happens when the session read
/// says `deferred` (PostgreSQL, the once-a-minute idle write, a read error): that one check goes to NIO's parser
/// alone, the bytes after it wait here, and wire answers resume once its response has ended (``responseEnded()``,
/// called by ``ForwardAuthFastPath``), so answers leave in request order.
final class ForwardAuthWirePath: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Bytes held while a check is with the router; past this the connection goes to NIO's parser for good.
    static let maximumHeldBytes = 64 * 1024

    private let runtime: GatewayRuntime
    private let serverName: String
    private var buffer: ByteBuffer?
    /// False once the connection's bytes go to NIO's parser for good.
    private var onWire = true
    /// Checks handed to NIO's parser whose response has not ended yet (0 or 1).
    private var awaiting = 0
    /// How much of `buffer` an earlier `.needMore` already searched for the end of the head.
    private var searched = 0
    private var needsFlush = false
    private var closing = false
    private var context: ChannelHandlerContext?
    private var date = HTTPDate()
    private var requestIDs = RequestIDSequence()
    /// The last 200 answer's bytes: a proxy checks the same user's session many times a second.
    private var rendered: Rendered?

    private struct Rendered {
        var identity: SessionIdentity
        var keepAlive: Bool
        var isHTTP10: Bool
        var date: String
        var bytes: ByteBuffer
        /// Where the 16 hex digits of `X-Request-ID` start.
        var requestIDOffset: Int
    }

    init(runtime: GatewayRuntime, serverName: String) {
        self.runtime = runtime
        self.serverName = serverName
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard onWire else {
            context.fireChannelRead(data)
            return
        }
        guard !closing else { return }
        var incoming = unwrapInboundIn(data)
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        process(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    /// A response to a check this handler gave NIO's parser has ended; answer what waited behind it.
    func responseEnded() {
        guard onWire, awaiting > 0, let context else { return }
        awaiting -= 1
        guard awaiting == 0 else { return }
        // After the current write has gone down the pipeline, not inside it.
        context.eventLoop.assumeIsolated().execute { [self] in
            guard let context = self.context, onWire, awaiting == 0 else { return }
            let hadBytes = buffer.map { $0.readableBytes > 0 } ?? false
            process(context: context)
            flushIfNeeded(context: context)
            if hadBytes { context.fireChannelReadComplete() }
        }
    }

    private func process(context: ChannelHandlerContext) {
        while onWire, awaiting == 0, !closing, var bytes = buffer, bytes.readableBytes > 0 {
            let parsed = bytes.withUnsafeReadableBytes { ForwardAuthWireRequest.parse($0, searchFrom: searched) }
            switch parsed {
            case .needMore:
                searched = bytes.readableBytes
                return
            case .notEligible:
                leaveWire(context: context)
                return
            case .check(let request, let length):
                searched = 0
                if answer(request, context: context) {
                    bytes.moveReaderIndex(forwardBy: length)
                    buffer = bytes.readableBytes > 0 ? bytes : nil
                } else {
                    let head = bytes.readSlice(length: length)!
                    buffer = bytes.readableBytes > 0 ? bytes : nil
                    awaiting += 1
                    context.fireChannelRead(wrapInboundOut(head))
                }
            }
        }
        if awaiting > 0, let held = buffer?.readableBytes, held > Self.maximumHeldBytes {
            leaveWire(context: context)
        }
    }

    /// Everything from here on goes to NIO's parser.
    private func leaveWire(context: ChannelHandlerContext) {
        onWire = false
        let rest = buffer
        buffer = nil
        if let rest, rest.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(rest)) }
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }

    /// The answer as NIO's encoder would write it (same status line, same `name: value` lines), with a placeholder
    /// request ID; returns where the ID goes.
    private func render(
        _ answer: ForwardAuthAnswer, request: ForwardAuthWireRequest, date: String, allocator: ByteBufferAllocator
    ) -> (ByteBuffer, Int) {
        let placeholder = "0000000000000000"
        let headers = answer.allHeaders(
            requestID: placeholder, date: date, serverName: serverName, keepAlive: request.keepAlive,
            isHTTP10: request.isHTTP10)
        var out = allocator.buffer(capacity: 640 + answer.body.utf8.count)
        out.writeStaticString(request.isHTTP10 ? "HTTP/1.0 " : "HTTP/1.1 ")
        let status = HTTPResponseStatus(statusCode: answer.status)
        out.writeString(String(status.code))
        out.writeStaticString(" ")
        out.writeString(status.reasonPhrase)
        out.writeStaticString("\r\n")
        var requestIDOffset = -1
        for (name, value) in headers {
            out.writeString(name)
            out.writeStaticString(": ")
            if requestIDOffset < 0, name == GatewayMiddleware.requestIDHeader { requestIDOffset = out.writerIndex - out.readerIndex }
            out.writeString(value)
            out.writeStaticString("\r\n")
        }
        out.writeStaticString("\r\n")
        out.writeString(answer.body)
        return (out, requestIDOffset)
    }

    /// Writes the answer and returns true, or returns false when the route must answer.
    private func answer(_ request: ForwardAuthWireRequest, context: ChannelHandlerContext) -> Bool {
        let start = ContinuousClock.now
        let identity: SessionIdentity?
        switch ForwardAuthAnswer.immediateIdentity(cookieHeaders: request.cookies, runtime: runtime) {
        case .identity(let found): identity = found
        case .none: identity = nil
        case .deferred: return false
        }
        let dateText = date.now()
        var out: ByteBuffer
        let requestIDOffset: Int
        if let identity, let last = rendered, last.identity == identity, last.keepAlive == request.keepAlive,
            last.isHTTP10 == request.isHTTP10, last.date == dateText
        {
            // The same signed-in user again within the same second: the same bytes but for the request ID.
            out = last.bytes
            requestIDOffset = last.requestIDOffset
        } else {
            (out, requestIDOffset) = render(
                ForwardAuthAnswer.make(identity: identity, runtime: runtime) { request.header($0) }, request: request,
                date: dateText, allocator: context.channel.allocator)
            if let identity {
                rendered = Rendered(
                    identity: identity, keepAlive: request.keepAlive, isHTTP10: request.isHTTP10, date: dateText, bytes: out,
                    requestIDOffset: requestIDOffset)
            }
        }
        out.withUnsafeMutableReadableBytes { bytes in  // copies the cached bytes first (ByteBuffer is copy-on-write)
            requestIDs.next(into: UnsafeMutableRawBufferPointer(rebasing: bytes[requestIDOffset..<(requestIDOffset + 16)]))
        }
        if request.keepAlive {
            context.write(wrapOutboundOut(out), promise: nil)
            needsFlush = true
        } else {
            closing = true
            buffer = nil
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            context.close(promise: nil)
        }
        runtime.metrics.fastPathAuthCheck(allowed: identity != nil, since: start, wire: true)
        return true
    }
}
