public import Hummingbird
import NIOCore

/// The mock IdP's request context: Hummingbird's basic context plus the connection, so the `idp.down` scenario can
/// drop it without answering.
public struct MockIdPRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
