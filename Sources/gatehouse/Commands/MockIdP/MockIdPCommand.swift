import ArgumentParser
import Foundation
import GatehouseMockIdP

/// `gatehouse mock-idp`: the TEST-ONLY SAML IdP and OIDC provider, on loopback by default.
struct MockIdPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-idp",
        abstract: "Run the TEST-ONLY mock identity provider (SAML 2.0 IdP + OIDC provider) with failure scenarios."
    )

    @Option(help: "Port to listen on (0: any free port; the bound port is printed).") var port = 8089
    @Option(help: "Address to bind. Loopback by default.") var host = "127.0.0.1"
    @Option(help: "Users, groups and attributes (YAML or JSON with a `users:` list).") var users: String?
    @Option(help: "Public base URL issuers derive from (default http://HOST:PORT).") var issuerURL: String?
    @Option(help: "Scenario active until reset (repeatable; `a+b(3)` composes).") var scenario: [String] = []
    @Flag(help: "Print the scenario catalogue as JSON lines and exit.") var listScenarios = false
    @Option(help: "Folder with the TEST-ONLY keys (default: certs/ found upward, or $GATEHOUSE_CERTS).") var certs: String?
    @Option(help: "Seed for IDs, codes and tokens (byte-stable output with --now).") var seed: UInt64?
    @Option(help: "Freeze the IdP clock at this instant (ISO 8601).") var now: String?
    @Option(help: "Register a SAML SP: ENTITY_ID=ACS_URL (repeatable).") var sp: [String] = []
    @Option(help: "Register an OIDC client: CLIENT_ID:SECRET:REDIRECT_URI (repeatable).") var client: [String] = []
    @Option(help: "Require this bearer token on /admin (default: $GATEHOUSE_MOCKIDP_ADMIN_TOKEN, else open).") var adminToken: String?

    func run() async throws { try await serve() }

    /// The command's work (also what a stand-alone dev executable calls).
    func serve() async throws {
        if listScenarios {
            for s in ScenarioCatalog.all {
                var line: [String: Any] = ["name": s.name, "protocol": s.protocolKind.rawValue, "summary": s.summary,
                                           "expected_gateway_error": s.expectedGatewayError, "stage": s.stage.rawValue]
                if let p = s.defaultParameter { line["default_parameter"] = p }
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        guard let certsDir = certs.map({ URL(fileURLWithPath: $0) }) ?? MockKeyRing.locateCertsDirectory() else {
            throw ValidationError("certs/ not found: pass --certs DIR or set GATEHOUSE_CERTS")
        }
        let keys: MockKeyRing
        let directory: MockDirectory
        do {
            keys = try MockKeyRing.load(from: certsDir)
            directory = try users.map { try MockDirectory.load(from: URL(fileURLWithPath: $0)) } ?? MockDirectory()
        } catch let e as MockIdPError {
            throw ValidationError("\(e.code): \(e.reason)")
        }
        var config = MockIdPConfiguration(publicBaseURL: issuerURL ?? "http://\(host):\(port)", seed: seed,
                                          adminToken: adminToken ?? ProcessInfo.processInfo.environment["GATEHOUSE_MOCKIDP_ADMIN_TOKEN"])
        if !sp.isEmpty {
            config.serviceProviders = try sp.map { text in
                guard let eq = text.firstIndex(of: "=") else { throw ValidationError("--sp wants ENTITY_ID=ACS_URL, got \(text)") }
                return ServiceProvider(entityID: String(text[..<eq]), acsURL: String(text[text.index(after: eq)...]))
            }
        }
        if !client.isEmpty {
            config.clients = try client.map { text in
                let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { throw ValidationError("--client wants CLIENT_ID:SECRET:REDIRECT_URI, got \(text)") }
                return OIDCClient(clientID: parts[0], clientSecret: parts[1], redirectURIs: [parts[2]])
            }
        }
        let clock: MockClock
        if let now {
            guard let instant = try? Date(now, strategy: .iso8601) else { throw ValidationError("--now wants ISO 8601, got \(now)") }
            clock = MockClock(frozenAt: instant)
        } else {
            clock = MockClock()
        }
        let idp = MockIdP(configuration: config, keys: keys, directory: directory, clock: clock)
        for text in scenario {
            guard let refs = ScenarioRef.parseList(text) else { throw ValidationError("cannot parse scenario \(text)") }
            do { try idp.scenarios.activate(refs, scope: .sticky) } catch let e as MockIdPError { throw ValidationError(e.reason) }
        }
        let explicitURL = issuerURL
        let host = self.host
        try await MockIdPServer.run(idp: idp, host: host, port: port) { bound in
            if explicitURL == nil { idp.setPublicBaseURL("http://\(host):\(bound)") }
            let tenants = idp.configuration.tenants.keys.sorted()
            let info: [String: Any] = [
                "port": bound, "base_url": idp.configuration.publicBaseURL, "test_only": true,
                "saml_metadata": Dictionary(uniqueKeysWithValues: tenants.map { ($0, idp.samlMetadataURL($0)) }),
                "oidc_discovery": Dictionary(uniqueKeysWithValues: tenants.map { ($0, idp.oidcIssuer($0) + "/.well-known/openid-configuration") }),
            ]
            if let data = try? JSONSerialization.data(withJSONObject: info, options: [.sortedKeys, .withoutEscapingSlashes]) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))  // unbuffered: tests wait for this line
            }
        }
    }
}
