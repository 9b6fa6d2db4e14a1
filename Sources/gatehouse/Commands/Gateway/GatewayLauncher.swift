import ArgumentParser
import Foundation
import GatehouseConfig
import GatehouseCore
import GatehouseGateway
import GatehouseOIDC
import GatehouseSAML
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

    /// Opens the store, runs `body`, and closes the store whether `body` returned or threw.
    static func withStore<T>(_ location: StoreLocation, _ body: (SQLGatehouseStore) async throws -> T) async throws -> T {
        let store = try await openStore(location)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    static func runtime(_ configuration: GatehouseConfiguration, configPath: String, metadata: [String: String],
                        environment: [String: String], store: SQLGatehouseStore, logger: Logger) async throws -> GatewayRuntime {
        let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        func read(_ file: String?, _ key: String) throws -> String? {
            guard let file else { return nil }
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw UsageError("gateway.config_invalid: server.\(key): cannot read \(url.path)")
            }
            return text
        }
        var spKey: SPPrivateKey?
        var spCertificate: SigningCertificate?
        do {
            spKey = try read(configuration.server.spKeyFile, "spKeyFile").map { pem throws(SAMLError) in try SPPrivateKey(pem: pem) }
            spCertificate = try read(configuration.server.spCertificateFile, "spCertificateFile").map { pem throws(SAMLError) in try SigningCertificate(pem: pem) }
        } catch let error as SAMLError {
            throw UsageError("\(error.code): \(error.reason)")
        }
        try await ConfigSeeder.seed(configuration, store: store, now: Date(), metadata: metadata)
        do {
            return try GatewayRuntime(configuration: configuration, metadata: metadata, environment: environment, store: store,
                                      fetcher: AsyncHTTPClientFetcher(client: httpClient), spKey: spKey,
                                      spCertificate: spCertificate, logger: logger)
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
