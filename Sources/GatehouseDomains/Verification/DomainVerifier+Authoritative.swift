import GatehouseCore
import Foundation
import Synchronization

/// An authoritative server by its NS name.
struct NamedServer: Sendable, Hashable {
    let name: String
    let server: DNSServer
}

/// Zone → its authoritative servers, kept for min(NS TTL, 5 min): re-checking many domains of one zone asks for the
/// zone's NS and their addresses once, not per domain.
final class AuthoritativeZoneCache: Sendable {
    private let entries = Mutex<[String: (servers: [NamedServer], expires: Date)]>([:])

    func servers(zone: String, now: Date) -> [NamedServer]? {
        entries.withLock { e in
            guard let hit = e[zone], hit.expires > now else { return nil }
            return hit.servers
        }
    }

    func store(zone: String, servers: [NamedServer], ttl: UInt32, now: Date) {
        guard !servers.isEmpty else { return }
        entries.withLock { e in
            if e.count > 10_000 { e = e.filter { $0.value.expires > now } }
            e[zone] = (servers, now.addingTimeInterval(TimeInterval(min(ttl, 300))))
        }
    }
}

extension DomainVerifier {
    /// Finds the zone of `domain` and its authoritative servers through the resolver.
    ///
    /// The domain's own NS query is always made (a delegated subdomain has servers of its own); the zone's NS and
    /// address lookups come from ``AuthoritativeZoneCache`` when fresh.
    func discoverAuthoritative(domain: String, hint: String?) async -> (zone: String?, servers: [NamedServer]) {
        var name = hint ?? domain
        var zone: String?
        var nsNames: [String] = []
        var nsTTL: UInt32 = 300
        for _ in 0..<10 {
            if name != domain, let cached = zoneCache.servers(zone: name, now: clock.now()) { return (name, cached) }
            let answer = await resolver.query(DNSQuery(name: name, type: .ns))
            guard case .response(let rcode, _, let answers, let authority) = answer, rcode == 0 || rcode == 3 else { break }
            let nsRecords = answers.filter { $0.name == name && $0.type == .ns }
            let ns = nsRecords.compactMap { r -> String? in
                if case .ns(let n) = r.data { return n }
                return nil
            }
            if !ns.isEmpty {
                zone = name
                nsNames = ns.sorted()
                nsTTL = nsRecords.map(\.ttl).min() ?? 300
                break
            }
            if let soa = authority.first(where: { $0.type == .soa }), soa.name != name, DomainName.isWithin(name, zone: soa.name) {
                name = soa.name
                continue
            }
            guard let dot = name.firstIndex(of: "."), name[name.index(after: dot)...].contains(".") else { break }
            name = String(name[name.index(after: dot)...])
        }
        guard let zone else { return (nil, []) }
        if let cached = zoneCache.servers(zone: zone, now: clock.now()) { return (zone, cached) }
        var servers: [NamedServer] = []
        for ns in nsNames.prefix(authoritative.maxServers) {
            if let o = authoritative.overrides[ns] {
                servers.append(NamedServer(name: ns, server: o))
                continue
            }
            let answer = await resolver.query(DNSQuery(name: ns, type: .a))
            if case .response(0, _, let answers, _) = answer,
                let address = answers.compactMap({ r -> String? in
                    if r.type == .a, case .address(let a) = r.data { return a }
                    return nil
                }).first
            {
                servers.append(NamedServer(name: ns, server: authoritative.overrides[address] ?? DNSServer(host: address, port: authoritative.port)))
            }
        }
        zoneCache.store(zone: zone, servers: servers, ttl: nsTTL, now: clock.now())
        return (zone, servers)
    }
}
