public import ServiceLifecycle

/// Keeps every connection's JWKS (and, through it, discovery) fresh in the background: add it to the server's
/// `ServiceGroup`. Stops on graceful shutdown or cancellation.
public struct OIDCKeyRefreshService: Service {
    let relyingParties: [OIDCRelyingParty]

    public init(_ relyingParties: [OIDCRelyingParty]) { self.relyingParties = relyingParties }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for relyingParty in relyingParties {
                    group.addTask { await relyingParty.runBackgroundRefresh() }
                }
            }
        }
    }
}
