import Foundation
public import GatehouseCore
import Synchronization

/// The mock IdP engine: a SAML 2.0 IdP and an OIDC provider over one directory, key ring, clock and scenario
/// engine. Use it in-process (this type and `MockIdPServer`), or through `gatehouse mock-idp`.
///
/// - Warning: TEST ONLY. Its keys are public (`certs/`), its users have no passwords. Never trust its
///   metadata or JWKS on a real connection.
public final class MockIdP: Sendable {
    public let directory: MockDirectory
    public let scenarios: ScenarioEngine
    public let keys: MockKeyRing
    public let clock: any GatehouseClock
    public let log: RequestLog
    let ids: IDGenerator
    let settings: Mutex<MockIdPConfiguration>
    let oidcState = Mutex(OIDCState())
    /// The last SAML response built per SP entity ID (for `replay.same-response`).
    let lastSAMLResponse = Mutex<[String: String]>([:])

    public init(configuration: MockIdPConfiguration = MockIdPConfiguration(), keys: MockKeyRing,
                directory: MockDirectory = MockDirectory(), clock: any GatehouseClock = MockClock()) {
        self.settings = Mutex(configuration)
        self.keys = keys
        self.directory = directory
        self.clock = clock
        self.scenarios = ScenarioEngine()
        self.log = RequestLog()
        self.ids = IDGenerator(seed: configuration.seed)
    }

    public var configuration: MockIdPConfiguration { settings.withLock { $0 } }

    /// Sets the base URL issuers derive from (e.g. once a port-0 server knows its port).
    public func setPublicBaseURL(_ url: String) {
        settings.withLock { c in c.publicBaseURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
    }

    public func register(_ sp: ServiceProvider) {
        settings.withLock { c in c.serviceProviders.removeAll { $0.entityID == sp.entityID }; c.serviceProviders.append(sp) }
    }
    public func register(_ client: OIDCClient) {
        settings.withLock { c in c.clients.removeAll { $0.clientID == client.clientID }; c.clients.append(client) }
    }

    /// Restores users, clears scenarios, pending codes and the log.
    public func reset() {
        directory.reset()
        scenarios.reset()
        log.clear()
        oidcState.withLock { $0 = OIDCState() }
        lastSAMLResponse.withLock { $0.removeAll() }
    }

    public func profile(_ tenant: String) throws -> VendorProfile {
        guard let p = configuration.tenants[tenant] else {
            throw MockIdPError(.unknownTenant, "no tenant \(tenant); have \(configuration.tenants.keys.sorted().joined(separator: ", "))")
        }
        return p
    }

    public func samlEntityID(_ tenant: String) -> String { "\(configuration.publicBaseURL)/saml/\(tenant)" }
    public func samlSSOURL(_ tenant: String) -> String { "\(configuration.publicBaseURL)/saml/\(tenant)/sso" }
    public func samlMetadataURL(_ tenant: String) -> String { "\(configuration.publicBaseURL)/saml/\(tenant)/metadata" }
    public func oidcIssuer(_ tenant: String) -> String { "\(configuration.publicBaseURL)/oidc/\(tenant)" }

    /// The plan for a fetch that is not a login (metadata, discovery, JWKS): standing scenarios only.
    func standingPlan(tenant: String, extra: [ScenarioRef] = []) -> (LoginPlan, [ScenarioRef]) {
        let refs = scenarios.standing() + extra
        let profile = configuration.tenants[tenant] ?? .generic
        var plan = LoginPlan(user: MockUser(id: "-"), issuer: samlEntityID(tenant), audience: "", acsURL: "", profile: profile)
        ScenarioEngine.apply(refs, to: &plan)
        return (plan, refs)
    }
}
