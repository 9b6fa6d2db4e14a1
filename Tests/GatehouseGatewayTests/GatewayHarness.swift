import Foundation
import GatehouseConfig
import GatehouseCore
import GatehouseGateway
import GatehouseMockIdP
import GatehouseOIDC
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization

/// A clock tests move by hand (session idle/absolute lifetimes).
final class TestClock: GatehouseClock, Sendable {
    private let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 += seconds } }
}

/// The mock IdP's OIDC endpoints served in-process to the gateway's relying party (no sockets, same bytes).
struct MockIdPFetcher: HTTPFetching {
    let idp: MockIdP

    func fetch(_ request: HTTPFetchRequest) async throws -> HTTPFetchResponse {
        let path = request.url.path
        let reply: OAuthReply
        if path.hasSuffix("/.well-known/openid-configuration") {
            reply = try idp.oidcDiscovery(tenant: "default").reply
        } else if path.hasSuffix("/jwks") {
            reply = try idp.oidcJWKS(tenant: "default").reply
        } else if path.hasSuffix("/token") {
            let form = Self.parseForm(String(decoding: request.body ?? [], as: UTF8.self))
            let auth = request.headers.first { $0.0.lowercased() == "authorization" }?.1
            reply = idp.oidcToken(tenant: "default", form: form, authorization: auth)
        } else {
            return HTTPFetchResponse(status: 404, headers: [:], body: [])
        }
        return HTTPFetchResponse(status: reply.status, headers: Dictionary(uniqueKeysWithValues: reply.headers.map { ($0.key.lowercased(), $0.value) }),
                                 body: Array(reply.body))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if parts.count == 2 { out[parts[0]] = parts[1] }
        }
        return out
    }
}

/// One gateway (sample-like config: org "example" with SAML + OIDC; org "other" with an enforced domain) over a
/// fresh SQLite store, and an in-process mock IdP whose users live in example.com / other.test.
struct GatewayHarness: @unchecked Sendable {
    static let instant = Date(timeIntervalSince1970: 1_800_000_000)
    static let base = "https://gw.test"
    static let keys: MockKeyRing = {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        guard let dir = MockKeyRing.locateCertsDirectory(from: here) else { fatalError("certs/ not found above \(here.path)") }
        return try! MockKeyRing.load(from: dir)
    }()

    let idp: MockIdP
    let clock: TestClock
    let store: SQLGatehouseStore
    let runtime: GatewayRuntime
    let router: Router<GatewayRequestContext>

    static func users() -> MockDirectory {
        let yaml = """
        users:
          - { id: alice, email: alice@example.com, name: Alice, groups: [anthropic-admins, anthropic-engineering] }
          - { id: bob, email: bob@example.com, name: Bob, groups: [engineering] }
          - { id: olga, email: olga@other.test, name: Olga, groups: [staff] }
          - { id: ceo, email: ceo@example.com, groups: [] }
        """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gh-users-\(UUID().uuidString).yaml")
        try! yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try! MockDirectory.load(from: url)
    }

    static func configYAML(base: String, devMode: Bool, exampleEnforced: Bool, extra: String = "") -> String {
        """
        server:
          listen: 127.0.0.1:0
          publicBaseURL: \(base)
          sessionIdleTimeout: 30m
          sessionAbsoluteTimeout: 12h
          allowedReturnOrigins: [https://app.gw.test]
          devMode: \(devMode)
        orgs:
          - id: example
            name: Example
            domains:
              - { name: example.com, verified: true, enforced: \(exampleEnforced) }
              - { name: unverified-example.com, verified: false }
            connections:
              - id: ex-saml
                type: saml
                idpEntityID: https://idp.test/saml/default
                spEntityID: \(base)/saml/metadata
                signatureRequirement: assertion
                signingCertificates: []
              - id: ex-oidc
                type: oidc
                issuer: https://idp.test/oidc/default
                clientID: gw-client
                clientSecret: env:GW_TEST_SECRET
            roleMapping:
              groupCase: sensitive
              requiredGroupPrefix: anthropic-
              defaultRole: deny
              rules:
                - { id: admins, role: admin, group: anthropic-admins }
                - { id: engineering, role: member, group: anthropic-engineering }
              overrides:
                - { email: ceo@example.com, role: owner }
          - id: other
            name: Other Corp
            domains:
              - { name: other.test, verified: true, enforced: true }
            connections:
              - id: other-oidc
                type: oidc
                issuer: https://idp.test/oidc/default
                clientID: gw-client
                clientSecret: env:GW_TEST_SECRET
            roleMapping:
              defaultRole: member
        \(extra)
        """
    }

    init(base: String = GatewayHarness.base, devMode: Bool = false, exampleEnforced: Bool = false, oidcFirst: Bool = false) async throws {
        clock = TestClock(Self.instant)
        idp = MockIdP(configuration: MockIdPConfiguration(
            publicBaseURL: "https://idp.test",
            serviceProviders: [ServiceProvider(entityID: base + "/saml/metadata", acsURL: base + "/saml/acs")],
            clients: [OIDCClient(clientID: "gw-client", clientSecret: "gw-secret", redirectURIs: [base + "/oidc/callback"])], seed: nil),
            keys: Self.keys, directory: Self.users(), clock: self.clock)
        var configuration = try GatehouseConfiguration.parse(yaml: Self.configYAML(base: base, devMode: devMode, exampleEnforced: exampleEnforced))
        if oidcFirst { configuration.orgs[0].connections.reverse() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gh-gw-\(UUID().uuidString).sqlite").path
        store = try await SQLGatehouseStore.open(.sqlite(path: path))
        let metadata = ["ex-saml": try idp.samlMetadata(tenant: "default").xml]
        try await ConfigSeeder.seed(configuration, store: store, now: Self.instant, metadata: metadata)
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .critical
        runtime = try GatewayRuntime(configuration: configuration, metadata: metadata, environment: ["GW_TEST_SECRET": "gw-secret", "GATEHOUSE_ADMIN_TOKEN": "admin-token-0123456789"],
                                     store: store, fetcher: MockIdPFetcher(idp: idp), clock: clock, logger: logger)
        router = GatewayServer.router(runtime: runtime)
    }

    /// SQLite connections must be closed before they are released.
    func closeLater() {
        let store = self.store
        Task { await store.close() }
    }

    var app: some ApplicationProtocol { GatewayServer.application(runtime: runtime, router: router, host: "127.0.0.1", port: 0) }
}

/// A browser: a cookie jar over HummingbirdTesting's client.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var origin: String?

    init(_ client: any TestClientProtocol, origin: String? = nil) {
        self.client = client
        self.origin = origin
    }

    @discardableResult
    func request(_ uri: String, method: HTTPRequest.Method = .get, form: [String: String]? = nil, headers extra: [String: String] = [:],
                 sendCookies: Bool = true) async throws -> TestResponse {
        var headers = HTTPFields()
        if sendCookies, !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if let origin, method == .post { headers[.origin] = origin }
        for (k, v) in extra { headers[HTTPFields.Element.Name(k)!] = v }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: Self.encode(form))
        }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    static func encode(_ form: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    /// The `csrf` hidden field of the last page.
    static func csrf(in page: String) -> String? { field("csrf", in: page) }

    static func field(_ name: String, in page: String) -> String? {
        guard let r = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    static func location(_ r: TestResponse) -> String? { r.headers[.location] }

    static func query(_ url: String) -> [String: String] {
        guard let q = URLComponents(string: url)?.queryItems else { return [:] }
        return Dictionary(q.compactMap { i in i.value.map { (i.name, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}

extension GatewayHarness {
    /// Types `email` at /login; returns the response of the POST (a redirect to the IdP, or a page).
    func submitEmail(_ browser: Browser, _ email: String, returnTo: String? = nil) async throws -> TestResponse {
        let page = try await browser.request("/login")
        let csrf = Browser.csrf(in: String(buffer: page.body)) ?? ""
        var form = ["email": email, "csrf": csrf]
        if let returnTo { form["return_to"] = returnTo }
        return try await browser.request("/login", method: .post, form: form)
    }

    /// The mock IdP's SAML answer for an AuthnRequest redirect URL: the SAMLResponse form value.
    func samlResponse(forRedirect url: String, user: String, scenarios: [ScenarioRef] = []) throws -> String {
        let q = Browser.query(url)
        let request = try AuthnRequest.decode(q["SAMLRequest"] ?? "", deflated: true)
        let result = try idp.samlLogin(tenant: "default", userID: user, request: request, extraScenarios: scenarios)
        return result.samlResponseBase64
    }

    /// The mock IdP's redirect back to the gateway's callback for an authorize URL.
    func oidcCallback(forAuthorize url: String, user: String) throws -> String {
        guard case .redirect(let location) = try idp.oidcAuthorize(tenant: "default", query: Browser.query(url), userID: user) else {
            throw GatewayError(.requestMalformed, "mock IdP refused the authorize request")
        }
        return location
    }

    /// A full SAML login for `user` <`email`>; returns the ACS response.
    func samlLogin(_ browser: Browser, email: String, user: String) async throws -> TestResponse {
        let start = try await submitEmail(browser, email)
        var redirect = Browser.location(start)
        if redirect == nil {  // offer-SSO page: press "Continue with SSO"
            let page = String(buffer: start.body)
            let form = ["csrf": Browser.csrf(in: page) ?? "", "email": email, "return_to": Browser.field("return_to", in: page) ?? "/",
                        "connection": Browser.field("connection", in: page) ?? ""]
            redirect = Browser.location(try await browser.request("/login/sso", method: .post, form: form))
        }
        let response = try samlResponse(forRedirect: redirect ?? "", user: user)
        return try await browser.request("/saml/acs", method: .post, form: ["SAMLResponse": response])
    }
}
