import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDomains

/// `gatehouse bench domains`: re-checks `--count` claimed domains (`d0.<zone>` … with tokens `<prefix>0` …, as
/// scripts/services/dns.sh publishes them) through the full service path — verifier, lifecycle, store — with at most
/// `--concurrency` checks in flight. Prints one JSON object with the elapsed time.
struct BenchDomainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domains",
        abstract: "Re-check N claimed domains against a DNS server with bounded concurrency."
    )

    @OptionGroup var resolverOptions: DomainResolverOptions
    @Option(help: "Number of claimed domains to re-check (default 10000).")
    var count: Int = 10_000
    @Option(help: "Checks in flight at most (default 16).")
    var concurrency: Int = 16
    @Option(help: "Zone holding the benchmark records d0.<zone> … (default bench.gh.test).")
    var zone: String = "bench.gh.test"
    @Option(help: "Token of domain i is <prefix><i> (default benchtoken).")
    var tokenPrefix: String = "benchtoken"
    @Flag(help: "Ask the authoritative servers on every re-check (the service asks them for verified domains only when the resolver does not confirm).")
    var alwaysCrossCheck = false

    mutating func run() async throws {
        guard count > 0, count <= 1_000_000 else { throw UsageError("--count must be 1…1000000, got \(count)") }
        guard (1...256).contains(concurrency) else { throw UsageError("--concurrency must be 1…256, got \(concurrency)") }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let store = InMemoryDomainStateStore()
        for i in 0..<count {
            var claim = DomainClaim(organization: "org\(i)", domain: "d\(i).\(zone)", token: "\(tokenPrefix)\(i)", claimedAt: start)
            claim.state = .verified
            claim.firstVerifiedAt = start
            claim.lastSuccessAt = start
            try await store.save(claim)
        }
        let metrics = DomainMetrics()
        var service = DomainService(
            store: store,
            verifier: DomainVerifier(
                resolver: try resolverOptions.makeResolver(), authoritative: try resolverOptions.makeAuthoritativeOptions(),
                clock: FixedClock(start.addingTimeInterval(86_400))),
            events: InMemoryDomainEventSink(), metrics: metrics)
        if alwaysCrossCheck { service.verifiedCrossCheck = .always }
        let clock = ContinuousClock()
        let t0 = clock.now
        let checked = try await service.runDueChecks(limit: count, concurrency: concurrency)
        let elapsed = clock.now - t0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        CLIOutput.printJSON([
            "benchmark": "domains", "count": checked, "concurrency": concurrency,
            "authoritative": resolverOptions.noAuthoritative ? "never" : (alwaysCrossCheck ? "always" : "unless-resolver-verifies"),
            "elapsedSeconds": (seconds * 1000).rounded() / 1000,
            "checksPerSecond": (Double(checked) / seconds).rounded(),
            "verified": metrics.checks(.verified), "failed": metrics.checks(.failed), "unknown": metrics.checks(.unknown),
        ] as [String: Any])
    }
}
