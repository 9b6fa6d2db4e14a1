public import Foundation
public import GatehouseCore
public import Logging

/// The discovery document of one issuer, cached per `Cache-Control: max-age`, with last-known-good on failure.
///
/// A failed refresh (IdP unreachable, 5xx, garbage, or an `issuer` mismatch) keeps the previous document, logs an
/// error and counts it in ``refreshFailures``; only when no document was ever fetched does ``metadata()`` throw.
public actor OIDCDiscovery {
    public let issuer: String
    private let fetcher: any HTTPFetching
    private let clock: any GatehouseClock
    private let logger: Logger
    private let allowInsecureHTTP: Bool
    private var current: ProviderMetadata?
    private var expiresAt: Date = .distantPast
    private var inFlight: Task<Void, Never>?

    public private(set) var refreshFailures = 0
    public private(set) var lastError: OIDCError?
    /// Bounds for the cache lifetime (default 5 min … 24 h; 1 h when the response has no max-age).
    public var minimumTTL: TimeInterval = 300
    public var maximumTTL: TimeInterval = 86_400
    public var defaultTTL: TimeInterval = 3_600

    /// - Parameter allowInsecureHTTP:
    ///   - Warning: Loopback tests only; over plain HTTP anyone on the path can swap the IdP's keys.
    public init(
        issuer: String, fetcher: any HTTPFetching, clock: any GatehouseClock = SystemClock(), allowInsecureHTTP: Bool = false,
        logger: Logger = Logger(label: "gatehouse.oidc.discovery")
    ) {
        self.issuer = issuer
        self.fetcher = fetcher
        self.clock = clock
        self.allowInsecureHTTP = allowInsecureHTTP
        self.logger = logger
    }

    /// The cached document, fetched first if absent or expired.
    public func metadata() async throws(OIDCError) -> ProviderMetadata {
        if current == nil || clock.now() >= expiresAt { await refresh() }
        if let current { return current }
        throw lastError ?? OIDCError(.discoveryUnavailable, "no discovery document for '\(issuer)' yet")
    }

    /// Fetches now (coalesced); failures keep the last known good document.
    public func refresh() async {
        if let inFlight { return await inFlight.value }
        let task = Task { await self.performRefresh() }
        inFlight = task
        await task.value
        inFlight = nil
    }

    private func performRefresh() async {
        do {
            let (document, maxAge) = try await fetchDocument()
            current = document
            lastError = nil
            expiresAt = clock.now().addingTimeInterval(min(max(maxAge ?? defaultTTL, minimumTTL), maximumTTL))
        } catch {
            refreshFailures += 1
            lastError = error
            expiresAt = clock.now().addingTimeInterval(60)
            logger.error(
                "OIDC discovery refresh failed; keeping the last known good document",
                metadata: ["issuer": "\(issuer)", "code": "\(error.code)", "reason": "\(error.reason)", "failures": "\(refreshFailures)"])
        }
    }

    private func fetchDocument() async throws(OIDCError) -> (ProviderMetadata, TimeInterval?) {
        guard let url = ProviderMetadata.discoveryURL(issuer: issuer) else {
            throw OIDCError(.configInvalid, "the issuer '\(issuer)' is not a URL")
        }
        let response: HTTPFetchResponse
        do {
            response = try await fetcher.fetch(HTTPFetchRequest(url: url, headers: [("Accept", "application/json")]))
        } catch {
            throw OIDCError(.discoveryUnavailable, "GET \(url.absoluteString) failed: \(error)")
        }
        guard response.status == 200 else {
            throw OIDCError(.discoveryUnavailable, "GET \(url.absoluteString) returned HTTP \(response.status); expected 200")
        }
        let document = try ProviderMetadata(json: response.body, expectedIssuer: issuer, allowInsecureHTTP: allowInsecureHTTP)
        return (document, response.cacheMaxAge)
    }
}

/// Fetches the JWKS named by the issuer's discovery document.
public struct HTTPJWKSSource: JWKSSource {
    let discovery: OIDCDiscovery
    let fetcher: any HTTPFetching

    public init(discovery: OIDCDiscovery, fetcher: any HTTPFetching) {
        self.discovery = discovery
        self.fetcher = fetcher
    }

    public func fetchJWKS() async throws(OIDCError) -> FetchedJWKS {
        let url = try await discovery.metadata().jwksURI
        let response: HTTPFetchResponse
        do {
            response = try await fetcher.fetch(HTTPFetchRequest(url: url, headers: [("Accept", "application/json")]))
        } catch {
            throw OIDCError(.jwksUnavailable, "GET \(url.absoluteString) failed: \(error)")
        }
        guard response.status == 200 else {
            throw OIDCError(.jwksUnavailable, "GET \(url.absoluteString) returned HTTP \(response.status); expected 200")
        }
        return FetchedJWKS(set: try JWKSet(json: response.body), maxAge: response.cacheMaxAge)
    }
}
