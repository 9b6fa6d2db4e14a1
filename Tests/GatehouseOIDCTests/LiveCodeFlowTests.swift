import AsyncHTTPClient
import Crypto
import CryptoExtras
import Foundation
import GatehouseCore
import Testing
@testable import GatehouseOIDC

/// The whole authorization code flow over real HTTP against a real OpenID Provider written with joserfc
/// (Tests/interop/peers/oidc_test_op.py), spawned per test on 127.0.0.1 with an OS-chosen port.
/// Needs the project's `.venv` (scripts/setup.sh); skipped without it locally, failing when CI=true.
@Suite(.enabled(if: LiveOP.python != nil || ProcessInfo.processInfo.environment["CI"] == "true", "needs .venv/bin/python"))
struct LiveCodeFlowTests {
    @Test(arguments: ["client_secret_basic", "client_secret_post"])
    func codeFlowWithPKCE(method: String) async throws {
        try await LiveOP.with { op, fetcher in
            let auth: ClientAuthentication = method == "client_secret_basic" ? .clientSecretBasic(op.secret) : .clientSecretPost(op.secret)
            let result = try await op.login(fetcher: fetcher, auth: auth, userinfo: true)
            #expect(result.idToken.subject == "user-ada")
            #expect(result.idToken.groups == ["staff", "engineering"])
            #expect(result.userinfo?["email"] == .string("ada@example.com"))
            #expect(result.login.returnTo == "/dashboard")
            #expect(try await op.lastAuthMethod(fetcher) == method)
        }
    }

    @Test func idpErrorsAndWrongNonce() async throws {
        try await LiveOP.with { op, fetcher in
            let auth = ClientAuthentication.clientSecretBasic(op.secret)
            for (hint, code) in [("deny", "oidc.idp_denied"), ("server_error", "oidc.idp_error"), ("wrong_nonce", "oidc.nonce_mismatch"),
                                 ("overage", "oidc.groups_overage")] {
                do {
                    _ = try await op.login(fetcher: fetcher, auth: auth, loginHint: hint)
                    Issue.record("\(hint) accepted")
                } catch let error as OIDCError {
                    #expect(error.code == code, "\(hint)")
                }
            }
            // A wrong client secret is a token-endpoint error naming what to check.
            do {
                _ = try await op.login(fetcher: fetcher, auth: .clientSecretPost("wrong"))
                Issue.record("wrong secret accepted")
            } catch let error as OIDCError {
                #expect(error.code == "oidc.token_endpoint_error")
                #expect(error.reason.contains("invalid_client"))
            }
        }
    }

    @Test(arguments: ["rsa", "p256"])
    func privateKeyJWT(keyType: String) async throws {
        try await LiveOP.with { op, fetcher in
            let (pem, jwk) = keyType == "rsa"
                ? (Forge.rsaNext.pemRepresentation, Forge.rsaJWK(Forge.rsaNext, kid: "gw-client-1"))
                : (Forge.ec.pemRepresentation, Forge.ecJWK(kid: "gw-client-1"))
            _ = try await fetcher.fetch(HTTPFetchRequest(
                method: .post, url: URL(string: op.issuer + "/_test/client_jwks")!, body: Array(#"{"keys":[\#(jwk)]}"#.utf8)))
            let auth = try ClientAuthentication.privateKeyJWT(pem: pem, keyID: "gw-client-1")
            let result = try await op.login(fetcher: fetcher, auth: auth)
            #expect(result.idToken.subject == "user-ada")
            #expect(try await op.lastAuthMethod(fetcher) == "private_key_jwt")
            // A key the OP does not know is refused at the token endpoint.
            let stranger = try ClientAuthentication.privateKeyJWT(pem: P256SigningKeyPEM.fresh(), keyID: "gw-client-1")
            do {
                _ = try await op.login(fetcher: fetcher, auth: stranger)
                Issue.record("unknown client key accepted")
            } catch let error as OIDCError {
                #expect(error.code == "oidc.token_endpoint_error")
            }
        }
    }

    /// The façade the gateway uses: startLogin on one "instance", finishLogin on another sharing only the store.
    @Test func relyingPartyAcrossInstances() async throws {
        try await LiveOP.with { op, fetcher in
            var config = OIDCConnectionConfiguration(
                id: "live", issuer: op.issuer, clientID: op.clientID, clientAuthentication: .clientSecretBasic(op.secret),
                redirectURI: "http://127.0.0.1:1/oidc/callback")
            config.allowInsecureHTTP = true
            config.fetchUserinfo = true
            config.validation.maxAge = 600
            let store = InMemoryPendingOIDCLoginStore()
            let instanceA = OIDCRelyingParty(configuration: config, fetcher: fetcher, store: store)
            let instanceB = OIDCRelyingParty(configuration: config, fetcher: fetcher, store: store)
            let url = try await instanceA.startLogin(returnTo: "/reports")
            #expect(url.absoluteString.contains("max_age=600"))
            let redirect = try await fetcher.fetch(HTTPFetchRequest(url: url))
            var query: [String: String] = [:]
            for item in URLComponents(string: redirect.headers["location"] ?? "")?.queryItems ?? [] { query[item.name] = item.value ?? "" }
            let result = try await instanceB.finishLogin(query: query)
            #expect(result.login.returnTo == "/reports")
            #expect(result.userinfo?["sub"] == .string("user-ada"))
            #expect(result.idToken.authTime != nil)
            await #expect(throws: OIDCError(.stateMismatch, "")) { try await instanceA.finishLogin(query: query) }
        }
    }

    /// An IdP that accepts the connection and never answers: the fetch times out, discovery reports it.
    @Test func unresponsiveIdPTimesOut() async throws {
        try await LiveOP.with { op, fetcher in
            let discovery = OIDCDiscovery(issuer: op.issuer + "/hang/tenant", fetcher: fetcher, allowInsecureHTTP: true)
            let start = ContinuousClock.now
            await #expect(throws: OIDCError(.discoveryUnavailable, "")) { try await discovery.metadata() }
            #expect(ContinuousClock.now - start < .seconds(15))
            #expect(await discovery.refreshFailures == 1)
        }
    }

    @Test func keyRotationAtTheOP() async throws {
        try await LiveOP.with { op, fetcher in
            let auth = ClientAuthentication.clientSecretBasic(op.secret)
            let first = try await op.login(fetcher: fetcher, auth: auth)
            #expect(first.idToken.keyID == "op-rsa-1")
            _ = try await fetcher.fetch(HTTPFetchRequest(method: .post, url: URL(string: op.issuer + "/_test/rotate")!, body: []))
            let second = try await op.login(fetcher: fetcher, auth: auth)  // unknown kid → one JWKS refresh
            #expect(second.idToken.keyID == "op-rsa-2")
        }
    }
}

enum P256SigningKeyPEM {
    static func fresh() -> String { P256.Signing.PrivateKey().pemRepresentation }
}

/// One running test OP plus the RP pieces pointed at it.
final class LiveOP: Sendable {
    static var python: String? {
        let path = repoRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    let issuer: String
    let secret: String
    let clientID: String
    let discovery: OIDCDiscovery
    let validator: IDTokenValidator
    let store = InMemoryPendingOIDCLoginStore()

    init(issuer: String, clientID: String, secret: String, fetcher: any HTTPFetching) {
        self.issuer = issuer
        self.clientID = clientID
        self.secret = secret
        discovery = OIDCDiscovery(issuer: issuer, fetcher: fetcher, allowInsecureHTTP: true)
        validator = IDTokenValidator(
            options: .init(issuer: issuer, clientID: clientID),
            keys: JWKSCache(source: HTTPJWKSSource(discovery: discovery, fetcher: fetcher)))
    }

    static func with(_ body: (LiveOP, AsyncHTTPClientFetcher) async throws -> Void) async throws {
        guard let python else { throw OIDCError(.configInvalid, "no .venv/bin/python: run scripts/setup.sh") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repoRoot.appendingPathComponent("Tests/interop/peers/oidc_test_op.py").path]
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        defer {
            try? stdin.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { throw OIDCError(.configInvalid, "the test OP exited before printing its address") }
            line.append(chunk)
        }
        let info = try JSONSerialization.jsonObject(with: line.prefix { $0 != 0x0A }) as! [String: Any]
        let client = AsyncHTTPClientFetcher.makeClient()
        let fetcher = AsyncHTTPClientFetcher(client: client)
        let op = LiveOP(
            issuer: info["issuer"] as! String, clientID: info["client_id"] as! String, secret: info["client_secret"] as! String,
            fetcher: fetcher)
        do {
            try await body(op, fetcher)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Builds the request, lets the OP "log in" (GET authorize, read the 302), and hands the callback to the RP.
    func login(fetcher: AsyncHTTPClientFetcher, auth: ClientAuthentication, loginHint: String? = nil, userinfo: Bool = false)
        async throws(OIDCError) -> OIDCLoginResult
    {
        let metadata = try await discovery.metadata()
        var builder = AuthorizationRequestBuilder(clientID: clientID, redirectURI: "http://127.0.0.1:1/oidc/callback")
        builder.loginHint = loginHint
        let (url, pending) = builder.build(metadata: metadata, connectionID: "live", returnTo: "/dashboard", now: Date())
        do { try await store.save(pending) } catch { throw OIDCError(.configInvalid, "\(error)") }
        let response: HTTPFetchResponse
        do { response = try await fetcher.fetch(HTTPFetchRequest(url: url)) } catch { throw OIDCError(.idpError, "\(error)") }
        guard response.status == 302, let location = response.headers["location"],
            let items = URLComponents(string: location)?.queryItems
        else { throw OIDCError(.idpError, "authorize answered \(response.status)") }
        var query: [String: String] = [:]
        for item in items { query[item.name] = item.value ?? "" }
        var handler = OIDCCallbackHandler(
            discovery: discovery, store: store, tokens: TokenEndpointClient(fetcher: fetcher, clientID: clientID, authentication: auth),
            validator: validator)
        handler.fetchUserinfo = userinfo
        return try await handler.handle(query: query)
    }

    func lastAuthMethod(_ fetcher: AsyncHTTPClientFetcher) async throws -> String? {
        let response = try await fetcher.fetch(HTTPFetchRequest(url: URL(string: issuer + "/_test/last_auth_method")!))
        return try StrictJSON.parseObject(response.body)["method"]?.stringValue
    }
}
