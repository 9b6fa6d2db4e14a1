import ArgumentParser
import Foundation
import GatehouseConfig
import GatehouseGateway
import GatehouseMockIdP
import GatehouseStore

/// `gatehouse demo`: the gateway, the TEST-ONLY mock IdP and an embedded SQLite database in one process, with the
/// sample configuration. Loopback only.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the gateway with the built-in mock IdP and SQLite (sample config; loopback only).",
        discussion: """
            Open the printed URL, type alice@example.com, pick "alice" at the mock IdP: you land on the Example workspace \
            as Admin. bob@example.com's group claim is broken by the mock IdP scenario groups.prefix-missing: he sees a \
            clear refusal, and the log names the near miss (engineering vs anthropic-engineering).
            """)

    @Option(help: "Configuration file.") var config = "config/gatehouse.yaml"
    @Option(help: "Mock IdP users.") var users = "config/demo-users.yaml"
    @Option(help: "SQLite database file (recreated at start).") var database = "var/demo.sqlite"
    @Option(help: "Mock IdP port.") var idpPort = 8089
    @Option(help: "Folder with the TEST-ONLY keys (default: certs/ found upward).") var certs: String?
    @Flag(help: "Keep the database from an earlier run.") var keepDatabase = false
    @Option(help: "Gateway port (default: server.listen's; the public base URL follows).") var port: Int?
    @Option(help: "Also allow return URLs to this origin (repeatable; e.g. an nginx front on loopback).") var allowReturnOrigin: [String] = []

    func run() async throws {
        let logger = GatewayLauncher.logger()
        var configuration = try GatewayLauncher.loadConfiguration(config)
        guard configuration.server.devMode else { throw UsageError("the demo needs server.devMode: true (loopback, no TLS)") }
        var (host, port) = try GatewayLauncher.listenAddress(configuration.server.listen)
        if let override = self.port {
            let old = "http://\(host):\(port)"
            port = override
            configuration.server.listen = "\(host):\(port)"
            configuration.server.publicBaseURL = "http://\(host):\(port)"
            configuration.server.allowedReturnOrigins = configuration.server.allowedReturnOrigins.map { $0 == old ? configuration.server.publicBaseURL : $0 }
            for o in configuration.orgs.indices {
                for c in configuration.orgs[o].connections.indices {
                    if case .saml(var s) = configuration.orgs[o].connections[c].details, let sp = s.spEntityID, sp.hasPrefix(old) {
                        s.spEntityID = configuration.server.publicBaseURL + sp.dropFirst(old.count)
                        configuration.orgs[o].connections[c].details = .saml(s)
                    }
                }
            }
        }
        configuration.server.allowedReturnOrigins += allowReturnOrigin
        guard host == "127.0.0.1" || host == "localhost" else { throw UsageError("the demo listens on loopback only, not \(host)") }

        // The mock IdP: its SAML tenant "default" and OIDC issuer serve the sample org's two connections.
        guard let certsDir = certs.map({ URL(fileURLWithPath: $0) }) ?? MockKeyRing.locateCertsDirectory() else {
            throw UsageError("certs/ not found: pass --certs DIR")
        }
        let idpBase = "http://127.0.0.1:\(idpPort)"
        let secret = ProcessInfo.processInfo.environment["GATEHOUSE_EXAMPLE_OIDC_SECRET"] ?? "demo-only-oidc-secret"
        var environment = ProcessInfo.processInfo.environment
        environment["GATEHOUSE_EXAMPLE_OIDC_SECRET"] = secret
        var idpConfig = MockIdPConfiguration(publicBaseURL: idpBase)
        idpConfig.serviceProviders = []
        idpConfig.clients = []
        var metadata: [String: String] = [:]
        let idp = MockIdP(configuration: idpConfig, keys: try MockKeyRing.load(from: certsDir),
                          directory: try MockDirectory.load(from: URL(fileURLWithPath: users)))
        for index in configuration.orgs.indices {
            for c in configuration.orgs[index].connections.indices {
                let connection = configuration.orgs[index].connections[c]
                switch connection.details {
                case .saml(var s):
                    // Point the connection at the in-process mock IdP, whatever the file says.
                    s.idpEntityID = idp.samlEntityID("default")
                    s.metadataFile = nil
                    configuration.orgs[index].connections[c].details = .saml(s)
                    metadata[connection.id] = try idp.samlMetadata(tenant: "default").xml
                    idp.register(ServiceProvider(entityID: s.spEntityID ?? configuration.server.publicBaseURL + "/saml/metadata",
                                                 acsURL: configuration.server.publicBaseURL + "/saml/acs"))
                case .oidc(var o):
                    o.issuer = idp.oidcIssuer("default")
                    configuration.orgs[index].connections[c].details = .oidc(o)
                    idp.register(OIDCClient(clientID: o.clientID, clientSecret: secret,
                                            redirectURIs: [configuration.server.publicBaseURL + "/oidc/callback"]))
                }
            }
        }
        try idp.scenarios.activate([ScenarioRef(name: "groups.prefix-missing")], scope: .user("bob"))

        if !keepDatabase { try? FileManager.default.removeItem(atPath: database) }
        let store = try await GatewayLauncher.openStore(.sqlite(path: database))
        let runtime = try await GatewayLauncher.runtime(configuration, configPath: config, metadata: metadata, environment: environment, store: store, logger: logger)
        let mock = MockIdPServer.service(idp: idp, host: "127.0.0.1", port: idpPort)
        let boundHost = host
        try await GatewayServer.run(runtime: runtime, host: host, port: port, alongside: [mock, StoreSweeper(store: store)]) { bound in
            let text = """
                Gatehouse demo (TEST-ONLY mock IdP; SQLite at \(database))
                  open  http://\(boundHost):\(bound)/login
                  try   alice@example.com (signs in as Admin of Example)
                        bob@example.com   (his group claim is broken by the mock IdP: a clear refusal)
                  mock IdP \(idpBase)   forward-auth http://\(boundHost):\(bound)/auth/check
                Ctrl-C stops both.

                """
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        await store.close()
    }
}
