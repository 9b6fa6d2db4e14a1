import Foundation
import GatehouseDomains

/// The file `domain status --config FILE` reads (JSON). Interim format until GatehouseConfig carries domains;
/// documented in docs/domains.md:
///
/// ```json
/// {"nameservers": ["127.0.0.1:15353"], "timeoutSeconds": 2,
///  "authoritative": {"enabled": true, "port": 53, "overrides": {"ns1.gh.test": "127.0.0.1:15355"}},
///  "recordName": "_gatehouse-challenge", "valuePrefix": "gatehouse-domain-verification=",
///  "recheckHours": 24, "graceDays": 7, "stateFile": "domains-state.json",
///  "claims": [{"organization": "acme", "domain": "example.com", "token": "…", "enforced": true}]}
/// ```
struct DomainStatusConfig: Decodable {
    struct Authoritative: Decodable {
        var enabled: Bool?
        var port: UInt16?
        var overrides: [String: String]?
    }
    struct Claim: Decodable {
        var organization: String
        var domain: String
        var token: String
        var enforced: Bool?
        var previousTokens: [String]?
    }
    var nameservers: [String]?
    var timeoutSeconds: Double?
    var authoritative: Authoritative?
    var recordName: String?
    var valuePrefix: String?
    var recheckHours: Double?
    var graceDays: Double?
    /// Where claim states and history are kept between runs; relative paths are relative to the config file.
    var stateFile: String?
    var claims: [Claim]

    static func load(_ path: String) throws -> DomainStatusConfig {
        let data = try CLIOutput.readFile(path, what: "domain config", limit: 16 << 20)
        do {
            return try JSONDecoder().decode(DomainStatusConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw UsageError("domain config '\(path)': missing key '\(key.stringValue)' at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw UsageError("domain config '\(path)' is not the expected JSON (see docs/domains.md): \(error)")
        }
    }

    func statePath(configPath: String) -> String? {
        guard let stateFile else { return nil }
        if stateFile.hasPrefix("/") { return stateFile }
        return URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(stateFile).path
    }

    var schedule: DomainSchedule {
        DomainSchedule(recheckInterval: (recheckHours ?? 24) * 3600, gracePeriod: (graceDays ?? 7) * 86400)
    }

    func resolver() throws -> CAresResolver {
        var servers: [DNSServer] = []
        for text in nameservers ?? [] {
            guard let s = DNSServer(parsing: text) else { throw UsageError(DomainError.invalidNameserver(text).reason) }
            servers.append(s)
        }
        if servers.isEmpty { servers = DomainResolverOptions.systemNameservers() }
        if servers.isEmpty { throw UsageError("domain config: no nameservers and none in /etc/resolv.conf") }
        return CAresResolver(nameservers: servers, options: .init(timeout: .milliseconds(Int((timeoutSeconds ?? 2) * 1000)), tries: 2))
    }

    func authoritativeOptions() throws -> DomainVerifier.AuthoritativeOptions {
        var overrides: [String: DNSServer] = [:]
        for (name, text) in authoritative?.overrides ?? [:] {
            guard let s = DNSServer(parsing: text) else { throw UsageError(DomainError.invalidNameserver(text).reason) }
            overrides[name] = s
        }
        return .init(enabled: authoritative?.enabled ?? true, port: authoritative?.port ?? 53, overrides: overrides)
    }
}
