import AsyncHTTPClient
public import Foundation
public import GatehouseConfig
import GatehouseCore
import GatehouseGateway
import GatehouseMockIdP
import GatehouseOIDC
public import GatehousePolicy
import GatehouseStore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// `gatehouse enforce --dry-run --rehearse`: each member through a real login, so the prediction is exercised
/// end to end and not just computed.
///
/// The rehearsal stands up, on loopback and for its own duration only, a private gateway (the org's configuration:
/// its role mapping, break-glass accounts and connection settings; its domains as the dry run saw them, all verified
/// ones **enforced**; every member's current role; a throw-away SQLite store) and the TEST-ONLY mock IdP in place of
/// the org's IdP (one tenant per connection, with the connection's vendor profile). Each member of the IdP export or
/// the store becomes a mock IdP user with the claims the dry run used; members with no claims are unknown to the
/// IdP. A browser (AsyncHTTPClient) then types each email at `/login`, follows the redirect to the IdP, picks the
/// user there, carries the SAML response or OIDC code back and asks `/me` for the role. Refusals are read from the
/// private gateway's audit log (the same codes an admin sees).
///
/// Scenarios (`idp.5xx`, `cert.rotated-unannounced`, `groups.prefix-missing`, …) are activated at the mock IdP for
/// the whole run: "what happens to the org under enforcement if the IdP does X".
public enum Rehearsal {
    public struct Options: Sendable {
        public var scenarios: [String]
        /// At most this many members (Owners and Admins first); 0 = all.
        public var limit: Int
        public var certsDirectory: URL
        /// Logins in flight at once.
        public var concurrency: Int = 8
        public init(scenarios: [String] = [], limit: Int = 500, certsDirectory: URL) {
            self.scenarios = scenarios
            self.limit = limit
            self.certsDirectory = certsDirectory
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(configuration: GatehouseConfiguration, organization org: OrganizationConfiguration,
                           context: EnforcementContext, report: EnforcementReport, members: [OrgMember],
                           options: Options) async throws -> RehearsalResult {
        let started = Date()
        var logger = Logger(label: "gatehouse.rehearsal")
        logger.logLevel = .critical
        let refs = try options.scenarios.map { text -> ScenarioRef in
            guard let ref = ScenarioRef(parsing: text) else { throw Failure(description: "unknown scenario '\(text)' (gatehouse mock-idp --list-scenarios)") }
            return ref
        }

        // Who is rehearsed: Owners and Admins first, then everyone else, up to the limit.
        let byEmail = Dictionary(members.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = report.members.enumerated().sorted { a, b in
            let x = (a.element.currentRole ?? a.element.predictedRole)?.isAdministrative == true
            let y = (b.element.currentRole ?? b.element.predictedRole)?.isAdministrative == true
            return x != y ? x : a.offset < b.offset
        }.map(\.element)
        let chosen = options.limit > 0 ? Array(ordered.prefix(options.limit)) : ordered

        // The mock IdP's directory: one user per member that has claims.
        var users: [MockUser] = []
        var userIDs: [String: String] = [:]
        var perUser: [(String, ScenarioRef)] = []
        for (index, outcome) in chosen.enumerated() {
            guard let claims = byEmail[outcome.email.lowercased()]?.claims else { continue }
            let id = "member-\(index + 1)"
            userIDs[outcome.email.lowercased()] = id
            var attributes = claims.attributes
            attributes.removeValue(forKey: "groups")
            users.append(MockUser(id: id, email: claims.email ?? outcome.email, emailVerified: claims.emailVerified ?? true,
                                  name: claims.name ?? outcome.name, groups: claims.groups ?? [], attributes: attributes))
            if claims.email == nil { perUser.append((id, ScenarioRef(name: "email.missing"))) }
            if claims.groups == nil { perUser.append((id, ScenarioRef(name: "groups.absent"))) }
            if claims.groupsOverage { perUser.append((id, ScenarioRef(name: "groups.overage"))) }
        }

        let gatewayPort = try freeLoopbackPort(), idpPort = try freeLoopbackPort()
        let gatewayBase = "http://127.0.0.1:\(gatewayPort)", idpBase = "http://127.0.0.1:\(idpPort)"
        var idpConfiguration = MockIdPConfiguration(publicBaseURL: idpBase)
        idpConfiguration.serviceProviders = []
        idpConfiguration.clients = []
        idpConfiguration.seed = 1
        let idp = MockIdP(configuration: idpConfiguration, keys: try MockKeyRing.load(from: options.certsDirectory),
                          directory: MockDirectory(users: users))
        for (id, ref) in perUser { _ = try idp.scenarios.activate([ref], scope: .user(id)) }
        if !refs.isEmpty { _ = try idp.scenarios.activate(refs, scope: .sticky) }

        // The private gateway: this org only, its IdP replaced by the mock, every verified domain enforced.
        var staged = configuration
        staged.server.listen = "127.0.0.1:\(gatewayPort)"
        staged.server.publicBaseURL = gatewayBase
        staged.server.devMode = true
        staged.server.allowedReturnOrigins = []
        staged.server.spKeyFile = nil
        staged.server.spCertificateFile = nil
        var stagedOrg = org
        stagedOrg.domains = context.domains.map { OrgDomain(name: $0.name, verified: $0.verified, enforced: $0.verified) }
        stagedOrg.enforceSSO = true
        var metadata: [String: String] = [:]
        var environment: [String: String] = [:]
        let secret = "rehearsal-" + UUID().uuidString
        for index in stagedOrg.connections.indices {
            let connection = stagedOrg.connections[index]
            let tenant = ["okta": "okta", "entra": "entra", "google": "google"][connection.vendor] ?? "default"
            switch connection.details {
            case .saml(var s):
                s.idpEntityID = idp.samlEntityID(tenant)
                s.metadataFile = nil
                s.spEntityID = nil
                stagedOrg.connections[index].details = .saml(s)
                metadata[connection.id] = try idp.samlMetadata(tenant: tenant).xml
                idp.register(ServiceProvider(entityID: gatewayBase + "/saml/metadata", acsURL: gatewayBase + "/saml/acs"))
            case .oidc(var o):
                o.issuer = idp.oidcIssuer(tenant)
                o.clientSecret = SecretReference(environmentVariable: "GATEHOUSE_REHEARSAL_OIDC_SECRET")
                environment["GATEHOUSE_REHEARSAL_OIDC_SECRET"] = secret
                stagedOrg.connections[index].details = .oidc(o)
                idp.register(OIDCClient(clientID: o.clientID, clientSecret: secret, redirectURIs: [gatewayBase + "/oidc/callback"]))
            }
        }
        staged.orgs = [stagedOrg]

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-rehearsal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await SQLGatehouseStore.open(.sqlite(path: folder.appendingPathComponent("rehearsal.sqlite").path))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        var serving: Task<Void, any Error>?
        var group: ServiceGroup?
        do {
            let now = Date()
            try await ConfigSeeder.seed(staged, store: store, now: now, metadata: metadata)
            for outcome in chosen {
                guard let role = outcome.currentRole else { continue }
                try await store.createUser(DirectoryUser(id: UUID().uuidString, organizationID: org.id, userName: outcome.email,
                                                         email: outcome.email.lowercased(), displayName: outcome.name ?? "",
                                                         role: role.name, source: "jit", createdAt: now))
            }
            let runtime: GatewayRuntime
            do {
                runtime = try GatewayRuntime(configuration: staged, metadata: metadata, environment: environment, store: store,
                                             fetcher: AsyncHTTPClientFetcher(client: client), logger: logger)
            } catch {
                throw Failure(description: "the rehearsal gateway cannot start: \(error.code): \(error.reason)")
            }
            let services = ServiceGroup(configuration: .init(
                services: [GatewayServer.application(runtime: runtime, host: "127.0.0.1", port: gatewayPort),
                           MockIdPServer.service(idp: idp, host: "127.0.0.1", port: idpPort)],
                logger: logger))
            group = services
            serving = Task { try await services.run() }
            try await waitUntilServing(client, [gatewayBase + "/healthz", idpBase + "/"])

            // Logins run a few at a time (each in its own browser); refusal codes are matched afterwards through the
            // request ID the gateway stamps on its answer and on the audit event.
            let jobs: [(email: String, user: String?)] = chosen.map { outcome in
                (outcome.email, outcome.kind == .breakGlass ? nil : userIDs[outcome.email.lowercased()] ?? "not-in-idp")
            }
            let width = max(1, options.concurrency)
            let attempts = await withTaskGroup(of: (Int, Attempt).self) { tasks in
                var results = [Attempt?](repeating: nil, count: jobs.count)
                var next = 0, done = 0
                while next < jobs.count || !tasks.isEmpty {
                    while next < jobs.count, next < width + done {
                        let index = next, job = jobs[index]
                        tasks.addTask {
                            guard let user = job.user else { return (index, Attempt(detail: "")) }
                            let browser = RehearsalBrowser(client: client, gatewayOrigin: gatewayBase)
                            return (index, await login(browser, email: job.email, user: user, gatewayBase: gatewayBase, idpBase: idpBase))
                        }
                        next += 1
                    }
                    if let (index, attempt) = await tasks.next() {
                        results[index] = attempt
                        done += 1
                    }
                }
                return results.map { $0 ?? Attempt(detail: "") }
            }
            var failures: [String: AuditEvent] = [:]
            var after: Int64 = 0
            while true {
                let page = try await store.auditEvents(organizationID: org.id, since: .distantPast, until: nil, afterSequence: after, limit: 5_000)
                for event in page where event.action == "login.failure" && !event.requestID.isEmpty { failures[event.requestID] = event }
                guard let last = page.last?.sequence, page.count == 5_000 else { break }
                after = last
            }
            var entries: [RehearsalResult.Entry] = []
            for (outcome, attempt) in zip(chosen, attempts) {
                var entry = RehearsalResult.Entry(
                    email: outcome.email, predictedOutcome: outcome.kind.rawValue, predictedRole: outcome.predictedRole?.name,
                    rehearsedOutcome: "skipped", rehearsedRole: nil, code: nil, detail: "", agrees: true,
                    administrative: (outcome.currentRole ?? outcome.predictedRole)?.isAdministrative == true)
                if outcome.kind == .breakGlass {
                    entry.detail = "break-glass account: signs in with its own credential, not through the IdP"
                    entries.append(entry)
                    continue
                }
                entry.rehearsedOutcome = attempt.role == nil ? "refused" : "signed_in"
                entry.rehearsedRole = attempt.role
                entry.detail = attempt.detail
                entry.code = attempt.code
                if attempt.role == nil, let id = attempt.requestID, let failure = failures[id] {
                    entry.code = failure.code
                    entry.detail = Self.reason(failure.detailsJSON) ?? entry.detail
                }
                let predictedIn = outcome.kind == .keepsRole || outcome.kind == .roleChanges
                entry.agrees = predictedIn ? entry.rehearsedRole == outcome.predictedRole?.name : entry.rehearsedOutcome == "refused"
                entries.append(entry)
            }
            await group?.triggerGracefulShutdown()
            _ = try? await serving?.value
            try? await client.shutdown()
            await store.close()
            return RehearsalResult(orgID: org.id, scenarios: options.scenarios, entries: entries,
                                   notRehearsed: report.members.count - chosen.count, seconds: Date().timeIntervalSince(started))
        } catch {
            await group?.triggerGracefulShutdown()
            _ = try? await serving?.value
            try? await client.shutdown()
            await store.close()
            throw error
        }
    }

    struct Attempt: Sendable {
        var role: String?
        var code: String?
        var detail: String
        /// `X-Request-ID` of the gateway's answer to the IdP's response (ACS or callback): names the audit event.
        var requestID: String?
    }

    /// One member's login, as a browser does it.
    static func login(_ browser: RehearsalBrowser, email: String, user: String, gatewayBase: String, idpBase: String) async -> Attempt {
        do {
            let form = try await browser.get("/login")
            let csrf = RehearsalBrowser.field("csrf", in: form.body) ?? ""
            let start = try await browser.post("/login", form: ["email": email, "csrf": csrf, "return_to": "/"], origin: gatewayBase)
            guard let toIdP = start.location, toIdP.hasPrefix(idpBase) else {
                return Attempt(code: "gateway.not_routed", detail: "the gateway did not send \(email) to the IdP (HTTP \(start.status)): its domain is not verified for this org, or has no enabled connection")
            }
            let atIdP: RehearsalBrowser.Page
            do { atIdP = try await browser.get(RehearsalBrowser.appending(toIdP, "user", user)) } catch {
                return Attempt(code: "idp.unavailable", detail: "the IdP could not be reached (\(error)): nobody can sign in through it")
            }
            if atIdP.status >= 500 {
                return Attempt(code: "idp.unavailable", detail: "the IdP answered HTTP \(atIdP.status): nobody can sign in through it")
            }
            let back: RehearsalBrowser.Page
            if let redirect = atIdP.location {  // OIDC: the authorization redirect back to the gateway
                guard redirect.hasPrefix(gatewayBase) else { return Attempt(detail: "the IdP redirected elsewhere: \(redirect.prefix(120))") }
                back = try await browser.get(redirect)
            } else if let action = RehearsalBrowser.formAction(in: atIdP.body), let response = RehearsalBrowser.field("SAMLResponse", in: atIdP.body) {
                var fields = ["SAMLResponse": response]
                if let relay = RehearsalBrowser.field("RelayState", in: atIdP.body) { fields["RelayState"] = relay }
                back = try await browser.post(action, form: fields, origin: idpBase)
            } else {
                let unknown = atIdP.status == 404 || atIdP.body.contains("no user")
                return Attempt(code: unknown ? "idp.unknown_user" : "idp.no_response",
                               detail: unknown ? "the IdP does not know this user (never signed in through SSO, not in the export)"
                                               : "the IdP answered HTTP \(atIdP.status) without returning to the gateway")
            }
            let requestID = back.headers.first(name: "x-request-id")
            guard back.status == 302 || back.status == 303 else {
                return Attempt(detail: "the gateway refused the login (HTTP \(back.status))", requestID: requestID)
            }
            let me = try await browser.get("/me")
            guard me.status == 200,
                  let object = (try? JSONSerialization.jsonObject(with: Data(me.body.utf8))) as? [String: Any],
                  let role = object["role"] as? String else {
                return Attempt(detail: "no session after the login (HTTP \(me.status) at /me)", requestID: requestID)
            }
            return Attempt(role: role, detail: "")
        } catch {
            return Attempt(code: "rehearsal.transport", detail: "HTTP error during the rehearsal: \(error)")
        }
    }

    static func reason(_ detailsJSON: String) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(detailsJSON.utf8))) as? [String: Any])?["reason"] as? String
    }

    static func waitUntilServing(_ client: HTTPClient, _ urls: [String]) async throws {
        for url in urls {
            var ready = false
            for _ in 0..<200 {
                if let response = try? await client.execute(HTTPClientRequest(url: url), timeout: .seconds(2)), response.status.code < 500 {
                    ready = true
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            guard ready else { throw Failure(description: "the rehearsal servers did not start (\(url))") }
        }
    }

    /// A free TCP port on 127.0.0.1 (bound, read, released).
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw Failure(description: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { throw Failure(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
