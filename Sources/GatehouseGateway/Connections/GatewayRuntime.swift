package import GatehousePolicy
package import Foundation
package import GatehouseConfig
package import GatehouseCore
package import GatehouseOIDC
package import GatehouseSAML
package import GatehouseSCIM
package import GatehouseStore
package import Logging

/// Everything the gateway's routes need, built once from the configuration: organizations, connections, sessions,
/// the login completer, cookie and return-URL policies, metrics.
package final class GatewayRuntime: Sendable {
    package let server: ServerConfiguration
    package let organizations: [String: OrganizationRuntime]
    package let saml: [String: SAMLConnectionRuntime]
    package let oidc: [String: OIDCConnectionRuntime]
    package let store: any GatehouseStore
    package let clock: any GatehouseClock
    package let sessions: SessionManager
    package let completer: LoginCompleter
    /// SCIM 2.0 at `/scim/v2` (per-org bearer tokens; group names checked against the org's required prefix).
    package let scim: SCIMService
    package let cookies: CookiePolicy
    package let returnURLs: ReturnURLPolicy
    package let metrics: GatewayMetrics
    package let logger: Logger
    package let publicBaseURL: String
    /// Origin of `publicBaseURL`; a state-changing POST whose `Origin` header differs is refused.
    package let ownOrigin: String
    /// The SP certificate published in `/saml/metadata` (signing and encryption), when an SP key is configured.
    package let spCertificate: SigningCertificate?
    /// `GATEHOUSE_ADMIN_TOKEN`: the bearer token of the admin API (`/admin/*`); nil disables the admin API.
    /// - Warning: whoever holds it reads every org's audit trail; give it only to the SIEM/export job.
    package let adminToken: String?
    /// Organizations whose audit events are delivered to a SIEM webhook (`audit.webhook`): they get outbox rows.
    package let deliveringOrganizations: Set<String>
    /// The dry-run check over the store and the "SSO required" switch (admin API).
    package let enforcement: EnforcementService
    /// Pending logins expire after this long (the user has that much time at the IdP).
    package let loginLifetime: TimeInterval = 600

    /// - Parameters:
    ///   - metadata: SAML IdP metadata XML by connection ID (read from `metadataFile`, or supplied by the demo).
    ///   - environment: where `env:NAME` secrets are read.
    ///   - allowInsecureOIDC: plain-HTTP discovery (loopback demo and tests only; see `ServerConfiguration.devMode`).
    package init(configuration: GatehouseConfiguration, metadata: [String: String], environment: [String: String],
                 store: any GatehouseStore, fetcher: any HTTPFetching, clock: any GatehouseClock = SystemClock(),
                 spKey: SPPrivateKey? = nil, spCertificate: SigningCertificate? = nil, logger: Logger) throws(GatewayError) {
        var base = configuration.server.publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let origin = ReturnURLPolicy.origin(of: base) else {
            throw GatewayError(.configInvalid, "server.publicBaseURL '\(base)' is not an absolute http(s) URL")
        }
        let secure = origin.hasPrefix("https://") || !configuration.server.devMode
        if !secure, !Self.isLoopback(origin) {
            throw GatewayError(.configInvalid, "server.devMode (cookies without Secure) is allowed only on a loopback publicBaseURL, not \(origin)")
        }
        server = configuration.server
        self.spCertificate = spCertificate
        adminToken = environment["GATEHOUSE_ADMIN_TOKEN"].flatMap { $0.utf8.count >= 16 ? $0 : nil }
        publicBaseURL = base
        ownOrigin = origin
        self.store = store
        self.clock = clock
        self.logger = logger
        metrics = GatewayMetrics()
        cookies = CookiePolicy(secure: secure)
        returnURLs = ReturnURLPolicy(publicBaseURL: base, allowedOrigins: configuration.server.allowedReturnOrigins)

        var orgs: [String: OrganizationRuntime] = [:]
        var samlConnections: [String: SAMLConnectionRuntime] = [:]
        var oidcConnections: [String: OIDCConnectionRuntime] = [:]
        var verifiedOwners: [String: String] = [:]
        let now = clock.now()
        for org in configuration.orgs {
            guard orgs[org.id] == nil else { throw GatewayError(.configInvalid, "organization id '\(org.id)' appears twice") }
            orgs[org.id] = try OrganizationRuntime(configuration: org)
            for domain in org.domains where domain.verified {
                let name = domain.name.lowercased()
                if let other = verifiedOwners[name] {
                    throw GatewayError(.configInvalid, "domain \(name) is verified by both '\(other)' and '\(org.id)'; a domain routes to one organization")
                }
                verifiedOwners[name] = org.id
            }
            for connection in org.connections where connection.enabled {
                guard samlConnections[connection.id] == nil, oidcConnections[connection.id] == nil else {
                    throw GatewayError(.configInvalid, "connection id '\(connection.id)' appears twice; connection ids are global")
                }
                guard connection.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), connection.id.count <= 64 else {
                    throw GatewayError(.configInvalid, "connection id '\(connection.id)' may contain only letters, digits, - and _")
                }
                switch connection.details {
                case .saml(let settings):
                    guard let xml = metadata[connection.id] else {
                        throw GatewayError(.configInvalid, "connection '\(connection.id)': no IdP metadata (metadataFile)")
                    }
                    samlConnections[connection.id] = try SAMLConnectionRuntime(
                        organizationID: org.id, connection: connection, settings: settings, metadataXML: Array(xml.utf8),
                        publicBaseURL: base, signingKey: spKey, now: now)
                case .oidc(let settings):
                    oidcConnections[connection.id] = try OIDCConnectionRuntime(
                        organizationID: org.id, connection: connection, settings: settings, publicBaseURL: base,
                        environment: environment, fetcher: fetcher,
                        pending: StorePendingOIDCLogins(store: store, organizationID: org.id, clock: clock),
                        nonceCache: store, clock: clock, allowInsecureHTTP: !secure)
                }
            }
        }
        organizations = orgs
        saml = samlConnections
        oidc = oidcConnections
        sessions = SessionManager(store: store, clock: clock, idleTimeout: TimeInterval(configuration.server.sessionIdleTimeout),
                                  absoluteTimeout: TimeInterval(configuration.server.sessionAbsoluteTimeout),
                                  organizationNames: orgs.mapValues(\.name))
        deliveringOrganizations = Set(configuration.orgs.filter { $0.auditWebhookURL != nil }.map(\.id))
        let delivering = deliveringOrganizations
        enforcement = EnforcementService(store: store, clock: clock, delivers: { delivering.contains($0) })
        completer = LoginCompleter(store: store, sessions: sessions, clock: clock, metrics: metrics, logger: logger,
                                   deliveringOrganizations: deliveringOrganizations)
        // GATEHOUSE_SCIM_RATE_LIMIT=RPS:BURST per token (default 50:200); "off" disables (conformance test runs).
        var scimConfiguration = SCIMConfiguration(baseURL: base + "/scim/v2")
        if let text = environment["GATEHOUSE_SCIM_RATE_LIMIT"] {
            let parts = text.split(separator: ":").compactMap { Double($0) }
            if text == "off" {
                scimConfiguration.rateLimit = .unlimited
            } else if parts.count == 2, parts[0] > 0, parts[1] >= 1 {
                scimConfiguration.rateLimit = SCIMRateLimit(requestsPerSecond: parts[0], burst: parts[1])
            } else {
                throw GatewayError(.configInvalid, "GATEHOUSE_SCIM_RATE_LIMIT must be RPS:BURST or off, got '\(text)'")
            }
        }
        let prefixes = orgs.compactMapValues { $0.configuration.roleMapping.requiredGroupPrefix }
        let names = orgs.mapValues(\.name)
        scim = SCIMService(
            store: store,
            groupNameRule: SCIMGroupNameClosure { orgID, group in
                guard let prefix = prefixes[orgID], !group.hasPrefix(prefix) else { return nil }
                return "group '\(group)' does not follow \(names[orgID] ?? orgID)'s naming rule: names must start with '\(prefix)' (e.g. '\(prefix)\(group)')"
            },
            clock: clock, configuration: scimConfiguration)
    }

    /// Signing certificates per SAML connection of `organizationID`, from the loaded metadata (dry run).
    package func signingCertificates(organizationID: String) -> [String: [SigningCertificateInfo]] {
        saml.filter { $0.value.organizationID == organizationID }.mapValues(\.signingCertificates)
    }

    static func isLoopback(_ origin: String) -> Bool {
        let host = origin.split(separator: "/").last.map { $0.split(separator: ":").first.map(String.init) ?? "" } ?? ""
        return host == "127.0.0.1" || host == "localhost" || host == "[" || origin.contains("://[::1]")
    }

    /// Home-realm discovery for one address: reads the domain's verification state from the store, so a domain that
    /// lost verification on any instance stops routing everywhere.
    package func decide(_ email: EmailAddress) async throws(GatewayError) -> RealmDecision {
        let claim: EmailDomain?
        do { claim = try await store.verifiedDomain(email.domain) } catch {
            throw GatewayError(.storeUnavailable, "domain lookup for \(email.domain) failed: \(error)")
        }
        guard let claim, let org = organizations[claim.organizationID] else { return .unrouted(domain: email.domain) }
        let usable = org.connectionIDs.filter { saml[$0] != nil || oidc[$0] != nil }
        guard let connection = usable.first else {
            throw GatewayError(.noConnection, "organization '\(org.id)' routes \(email.domain) but has no enabled IdP connection")
        }
        return claim.enforced
            ? .redirect(organizationID: org.id, organizationName: org.name, connectionID: connection)
            : .offerSSO(organizationID: org.id, organizationName: org.name, connectionIDs: usable)
    }

    /// The IdP URL a new login at `connectionID` starts at, and the login-binding cookie value for this browser.
    package func startLogin(connectionID: String, returnTo: String, loginHint: String?) async throws(GatewayError) -> (url: String, binding: String) {
        let now = clock.now()
        if let connection = saml[connectionID] {
            let request = SAMLAuthnRequest(spEntityID: connection.spEntityID, acsURL: publicBaseURL + "/saml/acs",
                                           destination: connection.ssoURL, issueInstant: now)
            do {
                try await store.savePendingLogin(PendingLogin(
                    id: request.id, kind: "saml", organizationID: connection.organizationID, connectionID: connectionID,
                    returnTo: returnTo, createdAt: now, expiresAt: now.addingTimeInterval(loginLifetime)))
            } catch {
                throw GatewayError(.storeUnavailable, "cannot store the pending SAML login: \(error)")
            }
            do {
                let url = try request.redirectURL(relayState: nil, signingKey: connection.signingKey)
                return (url, "saml~\(connectionID)~\(request.id)")
            } catch {
                throw GatewayError(.configInvalid, "connection '\(connectionID)': \(error.code): \(error.reason)")
            }
        }
        if let connection = oidc[connectionID] {
            let url: URL
            do { url = try await connection.relyingParty.startLogin(returnTo: returnTo, loginHint: loginHint) } catch {
                throw GatewayError(.connectionUnknown, "connection '\(connectionID)': the login could not start (\(error.code): \(error.reason))")
            }
            let state = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "state" }?.value ?? ""
            return (url.absoluteString, "oidc~\(connectionID)~\(state)")
        }
        throw GatewayError(.connectionUnknown, "no enabled connection '\(connectionID)'")
    }
}
