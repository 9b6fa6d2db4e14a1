public import Hummingbird
public import NIOCore

/// The gateway's per-request context: the peer address (audit, rate limits) and the request ID set by
/// ``GatewayMiddleware``.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var requestID = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client IP as the socket sees it (a reverse proxy's address when behind one).
    var sourceIP: String { remoteAddress?.ipAddress ?? "" }
}
