public import Foundation
public import GatehouseCore
public import Logging
import Synchronization

/// Where keys for a token come from. ``JWKSCache`` is the production implementation.
public protocol JWKSProviding: Sendable {
    /// The key for this `kid` (and algorithm), refreshing the key set at most as the implementation's policy allows.
    func key(kid: String?, algorithm: JWSAlgorithm) async throws(OIDCError) -> JWK
}

/// A JWKS as fetched, with how long the IdP lets it be cached.
public struct FetchedJWKS: Sendable {
    public let set: JWKSet
    /// From `Cache-Control: max-age`; `nil` when the response had none.
    public let maxAge: TimeInterval?
    public init(set: JWKSet, maxAge: TimeInterval?) {
        self.set = set
        self.maxAge = maxAge
    }
}

/// Fetches an issuer's JWKS (``HTTPJWKSSource`` over HTTP; tests inject their own).
public protocol JWKSSource: Sendable {
    func fetchJWKS() async throws(OIDCError) -> FetchedJWKS
}

/// The keys of one issuer, like jwt-kit's `JWTKeyCollection`, plus rotation: an unknown `kid` triggers one
/// rate-limited refresh; a failed refresh keeps the last known good set (logged, counted in ``refreshFailures``).
public actor JWKSCache: JWKSProviding {
    public struct Policy: Sendable {
        /// Minimum time between refreshes caused by unknown kids (default 60 s): a flood of forged kids costs one fetch.
        public var minimumRefreshInterval: TimeInterval = 60
        /// Bounds on the cache lifetime taken from `Cache-Control: max-age` (default 5 min … 24 h, 1 h without header).
        public var minimumTTL: TimeInterval = 300
        public var maximumTTL: TimeInterval = 86_400
        public var defaultTTL: TimeInterval = 3_600
        public init() {}
    }

    private var current: JWKSet? { didSet { publish() } }
    private var expiresAt: Date { didSet { publish() } }
    /// A copy of (current, expiresAt) readable without hopping onto the actor: the hot path of every validation.
    private nonisolated let snapshot = Mutex<(set: JWKSet?, expiresAt: Date)>((nil, .distantPast))
    private var lastForcedRefresh: Date?
    private var inFlight: Task<Void, Never>?
    private let source: (any JWKSSource)?
    private let clock: any GatehouseClock
    private let policy: Policy
    private let logger: Logger

    /// Refreshes that failed (IdP unreachable, garbage JWKS); the previous set stayed in use. Read by metrics.
    public private(set) var refreshFailures = 0
    /// Successful fetches.
    public private(set) var refreshes = 0
    /// The last refresh error, if the most recent attempt failed.
    public private(set) var lastRefreshError: OIDCError?

    /// - Parameters:
    ///   - initial: keys known up front (the CLI's `--jwks FILE`, tests); `nil` to fetch on first use.
    ///   - source: where to refresh from; `nil` for a fixed set (unknown kids fail at once).
    public init(
        initial: JWKSet? = nil, source: (any JWKSSource)? = nil, clock: any GatehouseClock = SystemClock(),
        policy: Policy = Policy(), logger: Logger = Logger(label: "gatehouse.oidc.jwks")
    ) {
        self.current = initial
        self.source = source
        self.clock = clock
        self.policy = policy
        self.logger = logger
        self.expiresAt = initial == nil || source == nil ? .distantFuture : clock.now().addingTimeInterval(policy.defaultTTL)
        if initial == nil, source != nil { self.expiresAt = .distantPast }
        let initialExpiry = self.expiresAt
        snapshot.withLock { $0 = (initial, initialExpiry) }
    }

    private func publish() {
        let value = (current, expiresAt)
        snapshot.withLock { $0 = value }
    }

    public var knownKeyIDs: [String] { current?.keyIDs ?? [] }

    public nonisolated func key(kid: String?, algorithm: JWSAlgorithm) async throws(OIDCError) -> JWK {
        let now = clock.now()
        let cached = snapshot.withLock { state -> JWK? in
            guard let set = state.set, now < state.expiresAt else { return nil }
            return set.candidate(kid: kid, algorithm: algorithm)
        }
        if let cached { return cached }
        return try await slowKey(kid: kid, algorithm: algorithm)
    }

    private func slowKey(kid: String?, algorithm: JWSAlgorithm) async throws(OIDCError) -> JWK {
        if source != nil, current == nil || clock.now() >= expiresAt { await refresh() }
        if let key = current?.candidate(kid: kid, algorithm: algorithm) { return key }
        guard source != nil else { throw .keyUnknown(kid: kid, known: knownKeyIDs, refreshed: false) }
        // Unknown kid: one refresh, rate-limited across all callers.
        if let last = lastForcedRefresh, clock.now().timeIntervalSince(last) < policy.minimumRefreshInterval {
            if current == nil, let error = lastRefreshError { throw OIDCError(.jwksUnavailable, error.reason) }
            throw .keyUnknown(kid: kid, known: knownKeyIDs, refreshed: false)
        }
        lastForcedRefresh = clock.now()
        await refresh()
        if let key = current?.candidate(kid: kid, algorithm: algorithm) { return key }
        if current == nil, let error = lastRefreshError { throw OIDCError(.jwksUnavailable, error.reason) }
        throw .keyUnknown(kid: kid, known: knownKeyIDs, refreshed: true)
    }

    /// Fetches now (coalesced with a refresh already running). Failures keep the last known good set.
    public func refresh() async {
        if let inFlight {
            await inFlight.value
            return
        }
        let task = Task { await self.performRefresh() }
        inFlight = task
        await task.value
        inFlight = nil
    }

    private func performRefresh() async {
        guard let source else { return }
        do {
            let fetched = try await source.fetchJWKS()
            current = fetched.set
            refreshes += 1
            lastRefreshError = nil
            let ttl = min(max(fetched.maxAge ?? policy.defaultTTL, policy.minimumTTL), policy.maximumTTL)
            expiresAt = clock.now().addingTimeInterval(ttl)
        } catch {
            refreshFailures += 1
            lastRefreshError = error
            // Keep the last known good set; try again after the minimum interval rather than on every request.
            expiresAt = clock.now().addingTimeInterval(policy.minimumRefreshInterval)
            logger.error(
                "JWKS refresh failed; keeping the last known good keys",
                metadata: ["code": "\(error.code)", "reason": "\(error.reason)", "failures": "\(refreshFailures)"])
        }
    }

    /// Background refresh loop (run it in the server's service group): refreshes when the cached set expires.
    /// Returns when the task is cancelled.
    public func runBackgroundRefresh() async {
        while !Task.isCancelled {
            if current == nil || clock.now() >= expiresAt { await refresh() }
            let wait = max(expiresAt.timeIntervalSince(clock.now()), policy.minimumRefreshInterval)
            try? await Task.sleep(for: .seconds(min(wait, policy.maximumTTL)))
        }
    }
}
