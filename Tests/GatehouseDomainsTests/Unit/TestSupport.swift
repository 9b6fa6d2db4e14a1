import Foundation
import GatehouseCore
import GatehouseDomains
import Synchronization

/// One reference instant for every fixture.
let reference = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28T20:26:40Z

/// A clock tests move forward by hand.
final class ManualClock: GatehouseClock {
    private let instant: Mutex<Date>
    init(_ start: Date = reference) { instant = Mutex(start) }
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

let token = "testtoken0001"
let expectedValue = "gatehouse-domain-verification=testtoken0001"

func challenge(_ domain: String, token t: String = token) throws -> DomainChallenge {
    try DomainChallenge(domain: domain, token: t)
}

func observation(_ outcome: LookupOutcome) -> ServerObservation {
    ServerObservation(role: .resolver, servers: [DNSServer(host: "192.0.2.53")], outcome: outcome)
}

func authObservation(_ name: String, _ outcome: LookupOutcome) -> ServerObservation {
    ServerObservation(role: .authoritative(name), servers: [DNSServer(host: "192.0.2.1")], outcome: outcome)
}

func records(_ values: [String], name: String = "_gatehouse-challenge.example.com", ttl: UInt32 = 300) -> LookupOutcome {
    .records(values.map { FoundTXT(name: name, strings: [$0], ttl: ttl) }, cnameChain: [])
}

/// A static resolver that knows example.com's two authoritative servers.
func exampleResolver() -> StaticDNSResolver {
    let r = StaticDNSResolver()
    r.set(StaticDNSResolver.ns("example.com", ["ns1.example.com", "ns2.example.com"]), for: DNSQuery(name: "example.com", type: .ns))
    r.set(StaticDNSResolver.a("ns1.example.com", "192.0.2.1"), for: DNSQuery(name: "ns1.example.com", type: .a))
    r.set(StaticDNSResolver.a("ns2.example.com", "192.0.2.2"), for: DNSQuery(name: "ns2.example.com", type: .a))
    return r
}

let ns1 = DNSServer(host: "192.0.2.1")
let ns2 = DNSServer(host: "192.0.2.2")
let record = "_gatehouse-challenge.example.com"

/// Sets the same answer at the resolver and both authoritative servers.
func publish(_ answer: DNSAnswer, at name: String = record, in r: StaticDNSResolver) {
    for s in [nil, ns1, ns2] as [DNSServer?] { r.set(answer, for: DNSQuery(name: name, type: .txt, server: s)) }
}
