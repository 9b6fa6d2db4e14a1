import ArgumentParser
import Foundation
import GatehouseConfig
import GatehouseCore
import GatehouseGateway
import GatehouseOIDC
import GatehouseStore
import Logging

/// What `serve` and `demo` share: load the configuration, open and seed the store, build the runtime.
enum GatewayLauncher {
    static func logger() -> Logger {
        var logger = Logger(label: "gatehouse") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = ProcessInfo.processInfo.environment["GATEHOUSE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }

    static func loadConfiguration(_ path: String) throws -> GatehouseConfiguration {
        do { return try GatehouseConfiguration.load(path: path) } catch {
            throw UsageError("\(error.code): \(error.reason)")
        }
    }

    /// IdP metadata for each SAML connection from its `metadataFile` (relative to the configuration's folder).
    static func metadataFiles(_ configuration: GatehouseConfiguration, configPath: String, skip: Set<String> = []) throws -> [String: String] {
        let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        var out: [String: String] = [:]
        for org in configuration.orgs {
            for connection in org.connections where !skip.contains(connection.id) {
                guard case .saml(let s) = connection.details, let file = s.metadataFile else { continue }
                let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    throw UsageError("gateway.config_invalid: connection '\(connection.id)': cannot read metadataFile \(url.path)")
                }
                out[connection.id] = text
            }
        }
        return out
    }

    static func openStore(_ location: StoreLocation) async throws -> SQLGatehouseStore {
        if location.engineName == "sqlite" {
            let folder = URL(fileURLWithPath: String(location.description.dropFirst("sqlite:".count))).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        return try await SQLGatehouseStore.open(location)
    }

    static func runtime(_ configuration: GatehouseConfiguration, metadata: [String: String], environment: [String: String],
                        store: SQLGatehouseStore, logger: Logger) async throws -> GatewayRuntime {
        try await ConfigSeeder.seed(configuration, store: store, now: Date(), metadata: metadata)
        do {
            return try GatewayRuntime(configuration: configuration, metadata: metadata, environment: environment, store: store,
                                      fetcher: AsyncHTTPClientFetcher(client: httpClient), logger: logger)
        } catch {
            throw UsageError("\(error.code): \(error.reason)")
        }
    }

    /// The process's one outgoing HTTP client (OIDC discovery, JWKS, token requests): no redirects followed, bounded
    /// timeouts. It lives as long as the process, so it is never shut down.
    static let httpClient = AsyncHTTPClientFetcher.makeClient()

    /// `host:port` from `server.listen`.
    static func listenAddress(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            throw UsageError("server.listen must be host:port, got \(text)")
        }
        return (String(text[..<colon]), port)
    }
}
