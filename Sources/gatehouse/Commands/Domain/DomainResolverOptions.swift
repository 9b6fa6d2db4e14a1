import ArgumentParser
import Foundation
import GatehouseDomains

/// Resolver settings `domain verify` and `bench domains` share.
struct DomainResolverOptions: ParsableArguments {
    @Option(name: .customLong("nameserver"), help: "Resolver to ask, HOST:PORT (repeatable; default: /etc/resolv.conf).")
    var nameservers: [String] = []
    @Option(help: "Seconds to wait for one answer (default 2).")
    var timeout: Double = 2
    @Option(help: "Tries per query (default 2).")
    var tries: Int = 2
    @Flag(help: "Do not ask the domain's authoritative nameservers directly.")
    var noAuthoritative = false
    @Option(help: "Port of authoritative servers found through NS records (default 53).")
    var authoritativePort: UInt16 = 53
    @Option(
        name: .customLong("authoritative"),
        help: "NAME=HOST:PORT: ask this address instead when an NS record names NAME (or resolves to address NAME). Repeatable.")
    var authoritativeOverrides: [String] = []

    func makeResolver() throws -> CAresResolver {
        var servers: [DNSServer] = []
        for text in nameservers {
            guard let s = DNSServer(parsing: text) else { throw UsageError(DomainError.invalidNameserver(text).reason) }
            servers.append(s)
        }
        if servers.isEmpty { servers = Self.systemNameservers() }
        if servers.isEmpty { throw UsageError("no --nameserver given and none found in /etc/resolv.conf") }
        guard timeout > 0, timeout <= 60 else { throw UsageError("--timeout must be between 0 and 60 seconds, got \(timeout)") }
        guard (1...10).contains(tries) else { throw UsageError("--tries must be 1 to 10, got \(tries)") }
        return CAresResolver(nameservers: servers, options: .init(timeout: .milliseconds(Int(timeout * 1000)), tries: tries))
    }

    func makeAuthoritativeOptions() throws -> DomainVerifier.AuthoritativeOptions {
        var overrides: [String: DNSServer] = [:]
        for text in authoritativeOverrides {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let server = DNSServer(parsing: parts[1]) else {
                throw UsageError("--authoritative '\(text)' is not NAME=HOST:PORT, e.g. ns1.example.com=127.0.0.1:15355")
            }
            overrides[parts[0]] = server
        }
        return .init(enabled: !noAuthoritative, port: authoritativePort, overrides: overrides)
    }

    static func systemNameservers() -> [DNSServer] {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return f.count >= 2 && f[0] == "nameserver" ? DNSServer(parsing: String(f[1])) : nil
        }
    }
}
