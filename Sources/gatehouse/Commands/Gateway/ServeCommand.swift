import ArgumentParser
import Foundation
import GatehouseConfig
import GatehouseDomains
import ServiceLifecycle
import GatehouseGateway
import GatehouseStore

/// `gatehouse serve`: the gateway with a configuration file and a store (SQLite by default, PostgreSQL for several
/// instances behind a load balancer).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the SSO gateway (login redirects, ACS/callback, sessions, /auth/check forward-auth).")

    @Option(help: "Configuration file.") var config = "config/gatehouse.yaml"
    @OptionGroup var database: DatabaseOption
    @Option(help: "Override server.listen (host:port; port 0 picks a free port, printed on stdout).") var listen: String?
    @Flag(help: "Re-check claimed domains' DNS TXT records on their schedule (24 h; sooner while failing) in this process.")
    var recheckDomains = false
    @OptionGroup var dns: DomainResolverOptions

    func run() async throws {
        let logger = GatewayLauncher.logger()
        let configuration = try GatewayLauncher.loadConfiguration(config)
        let metadata = try GatewayLauncher.metadataFiles(configuration, configPath: config)
        let store = try await GatewayLauncher.openStore(try database.location())
        let runtime = try await GatewayLauncher.runtime(configuration, configPath: config, metadata: metadata,
                                                        environment: ProcessInfo.processInfo.environment, store: store, logger: logger)
        let (host, port) = try GatewayLauncher.listenAddress(listen ?? configuration.server.listen)
        var services: [any Service] = [StoreSweeper(store: store)]
        services += try AuditServices.make(configuration, store: store, environment: ProcessInfo.processInfo.environment, logger: logger)
        if recheckDomains {
            let domains = DomainService(
                store: StoreDomainStateStore(store: store),
                verifier: DomainVerifier(resolver: try dns.makeResolver(), authoritative: try dns.makeAuthoritativeOptions()),
                events: AuditDomainEventSink(store: store, deliveringOrganizations: runtime.deliveringOrganizations))
            services.append(DomainRecheckService(service: domains, logger: logger))
        }
        try await GatewayServer.run(runtime: runtime, host: host, port: port, alongside: services) { bound in
            let line = #"{"gateway":"http://\#(host):\#(bound)","public_base_url":"\#(configuration.server.publicBaseURL)"}"# + "\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        await store.close()
    }
}
