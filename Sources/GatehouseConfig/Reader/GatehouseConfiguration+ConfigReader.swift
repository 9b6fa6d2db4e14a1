import Foundation
import GatehousePolicy
import Yams

extension GatehouseConfiguration {
    /// Top-level keys: `server`, `orgs`.
    static let keys: Set<String> = ["server", "orgs"]

    /// Reads and parses a configuration file (at most 16 MiB).
    public static func load(path: String) throws(ConfigError) -> GatehouseConfiguration {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(.unreadable, keyPath: "", "\(path): cannot read the configuration file (no such file or not readable)")
        }
        defer { try? handle.close() }
        let limit = 16 << 20
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        if data.count > limit { throw ConfigError(.unreadable, keyPath: "", "\(path): larger than \(limit) bytes") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.unreadable, keyPath: "", "\(path): not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses YAML text; `file` only names the source in errors.
    public static func parse(yaml: String, file: String = "<config>") throws(ConfigError) -> GatehouseConfiguration {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(.invalidYAML, keyPath: "", "\(file): not valid YAML: \(error)")
        }
        guard let composed else { throw ConfigError(.invalidYAML, keyPath: "", "\(file): the file is empty") }
        let root = ConfigNode(node: composed, path: "", file: file)
        let map = try root.mapping(allowed: keys)
        var config = GatehouseConfiguration()
        if let server = map["server"], !server.isNull { config.server = try ServerConfiguration.read(server) }
        var ids = Set<String>()
        var domainOwners: [String: String] = [:]
        for node in try map["orgs"]?.list() ?? [] {
            let org = try OrganizationConfiguration.read(node)
            if !ids.insert(org.id).inserted { throw node.fail(.duplicate, "org id '\(org.id)' is used by two orgs") }
            for domain in org.domains {
                if let other = domainOwners[domain.name] {
                    throw node.fail(
                        .duplicate, "domain '\(domain.name)' is claimed by orgs '\(other)' and '\(org.id)'; a domain belongs to one org")
                }
                domainOwners[domain.name] = org.id
            }
            config.orgs.append(org)
        }
        return config
    }
}

extension ServerConfiguration {
    static let keys: Set<String> = [
        "listen", "publicBaseURL", "sessionIdleTimeout", "sessionAbsoluteTimeout", "allowedReturnOrigins", "devMode", "spKeyFile", "spCertificateFile",
    ]

    static func read(_ node: ConfigNode) throws(ConfigError) -> ServerConfiguration {
        let map = try node.mapping(allowed: keys)
        var server = ServerConfiguration()
        if let n = map["listen"] { server.listen = try n.string() }
        if let n = map["publicBaseURL"] {
            server.publicBaseURL = try n.string()
            guard server.publicBaseURL.hasPrefix("https://") || server.publicBaseURL.hasPrefix("http://") else {
                throw n.fail(.invalidValue, "expected an http(s) URL, found '\(server.publicBaseURL)'")
            }
        }
        if let n = map["sessionIdleTimeout"] { server.sessionIdleTimeout = try n.duration() }
        if let n = map["sessionAbsoluteTimeout"] { server.sessionAbsoluteTimeout = try n.duration() }
        if let n = map["allowedReturnOrigins"] { server.allowedReturnOrigins = try n.stringList() }
        if let n = map["devMode"] { server.devMode = try n.bool() }
        if let n = map["spKeyFile"] { server.spKeyFile = try n.string() }
        if let n = map["spCertificateFile"] { server.spCertificateFile = try n.string() }
        if server.sessionIdleTimeout > server.sessionAbsoluteTimeout, let n = map["sessionIdleTimeout"] {
            throw n.fail(.invalidValue, "the idle timeout (\(server.sessionIdleTimeout) s) exceeds the absolute timeout (\(server.sessionAbsoluteTimeout) s)")
        }
        return server
    }
}
