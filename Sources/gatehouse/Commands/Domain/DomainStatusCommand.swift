import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDomains
import GatehouseGateway
import GatehouseStore

/// `gatehouse domain status --config FILE`: checks every claimed domain (unless --no-check), applies the lifecycle,
/// keeps the history in the config's state file, and prints each domain with its history.
struct DomainStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Check all claimed domains and show their state and history (exit 0, 2 usage error)."
    )

    @Option(help: "Domain config (JSON; see docs/domains.md).")
    var config: String
    @Flag(help: "Show the stored state only; do not query DNS.")
    var noCheck = false
    @Option(help: "Evaluate at this instant (ISO 8601) instead of now (tests of the grace period).")
    var now: String?
    @Option(help: "Output format: text (default) or json.")
    var format: String = "text"
    @Option(help: "Keep the lifecycle in the gateway's store (SQLite path or postgres:// URL) instead of the config's state file; the gateway's domain redirection then follows these checks.")
    var database: String?

    mutating func run() async throws {
        guard format == "text" || format == "json" else { throw UsageError("--format must be text or json, got '\(format)'") }
        let cfg = try DomainStatusConfig.load(config)
        let clock: any GatehouseClock = try now.map { FixedClock(try CLIOutput.parseInstant($0)) } ?? SystemClock()
        var statePath = cfg.statePath(configPath: config)
        var gatewayStore: SQLGatehouseStore?
        if let database { gatewayStore = try await SQLGatehouseStore.open(try StoreLocation.parse(database)) }
        let store: any DomainStateStore
        if let gatewayStore {
            store = StoreDomainStateStore(store: gatewayStore, clock: { clock.now() })
            statePath = nil
        } else {
            store = InMemoryDomainStateStore(try Self.loadState(statePath))
        }
        defer { if let opened = gatewayStore { Task { await opened.close() } } }
        let format = DomainChallengeFormat(
            recordLabel: cfg.recordName ?? "_gatehouse-challenge", valuePrefix: cfg.valuePrefix ?? "gatehouse-domain-verification=")
        // Claims from the config: new ones are added, a changed token keeps the old one as "previous".
        for c in cfg.claims {
            let domain = DomainName.normalize(c.domain)
            if var existing = try await store.claim(domain: domain, organization: c.organization) {
                if existing.token != c.token {
                    existing.previousTokens.append(existing.token)
                    existing.token = c.token
                }
                existing.enforced = c.enforced ?? true
                try await store.save(existing)
            } else {
                var claim = DomainClaim(organization: c.organization, domain: domain, token: c.token, enforced: c.enforced ?? true, claimedAt: clock.now())
                claim.previousTokens = c.previousTokens ?? []
                try await store.save(claim)
            }
        }
        let events = InMemoryDomainEventSink()
        let service = DomainService(
            store: store,
            verifier: DomainVerifier(resolver: try cfg.resolver(), authoritative: try cfg.authoritativeOptions(), clock: clock),
            schedule: cfg.schedule, events: events, format: format)
        var results: [String: DomainCheckResult] = [:]
        var conflicts: [String: String] = [:]
        if !noCheck {
            for c in try await store.allClaims() {
                do {
                    let (r, _) = try await service.check(domain: c.domain, organization: c.organization, audience: .platformAdmin)
                    results[c.domain + "\u{0}" + c.organization] = r
                } catch let e as DomainError {
                    conflicts[c.domain + "\u{0}" + c.organization] = "\(e.code): \(e.reason)"
                }
            }
            if let statePath { try Self.saveState(try await store.allClaims(), to: statePath) }
        }
        let claims = try await store.allClaims()
        let iso = ISO8601DateFormatter()
        if self.format == "json" {
            let items = claims.map { c -> [String: Any] in
                let key = c.domain + "\u{0}" + c.organization
                let summary = DomainHistorySummary(claim: c, gracePeriod: cfg.schedule.gracePeriod)
                func d(_ x: Date?) -> Any { x.map { iso.string(from: $0) } ?? NSNull() }
                return [
                    "organization": c.organization, "domain": c.domain, "state": c.state.rawValue, "enforced": c.enforced,
                    "firstVerifiedAt": d(c.firstVerifiedAt), "lastSuccessAt": d(c.lastSuccessAt), "firstFailureAt": d(c.firstFailureAt),
                    "lapsesAt": d(summary.lapsesAt), "unverifiedAt": d(c.unverifiedAt), "lastCheckedAt": d(c.lastCheckedAt),
                    "nextCheckAt": d(c.nextCheckAt),
                    "history": c.history.map { ["at": iso.string(from: $0.at), "status": $0.status.rawValue, "code": $0.code, "message": $0.message] },
                    "check": results[key].map { DomainCheckJSON.object($0, includeForeignOrganization: true) as Any } ?? NSNull(),
                    "error": conflicts[key] ?? NSNull(),
                ]
            }
            CLIOutput.printJSON([
                "domains": items,
                "events": events.events.map { ["kind": $0.kind.rawValue, "organization": $0.organization, "domain": $0.domain, "at": iso.string(from: $0.at), "message": $0.message] },
            ] as [String: Any])
            return
        }
        for c in claims {
            let key = c.domain + "\u{0}" + c.organization
            let summary = DomainHistorySummary(claim: c, gracePeriod: cfg.schedule.gracePeriod)
            print("== \(c.domain) (organization \(c.organization), \(c.enforced ? "enforced" : "not enforced")): \(c.state.rawValue.uppercased())")
            if let r = results[key] {
                print(DomainReport.render(r, history: summary))
            } else {
                print("history   \(summary.line(formatter: iso))")
            }
            if let e = conflicts[key] { print("error     \(e)") }
            for h in c.history.suffix(10) {
                print("  \(iso.string(from: h.at))  \(h.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(h.code)")
            }
            print("")
        }
        for e in events.events where e.isWarning {
            print("WARNING \(e.kind.rawValue): \(e.message)")
        }
    }

    static func loadState(_ path: String?) throws -> [DomainClaim] {
        guard let path, FileManager.default.fileExists(atPath: path) else { return [] }
        let data = try CLIOutput.readFile(path, what: "domain state file", limit: 256 << 20)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode([DomainClaim].self, from: data) } catch {
            throw UsageError("domain state file '\(path)' does not parse: \(error)")
        }
    }

    static func saveState(_ claims: [DomainClaim], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(claims)
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data) else { throw UsageError("cannot write domain state file '\(tmp)'") }
        guard rename(tmp, path) == 0 else { throw UsageError("cannot replace domain state file '\(path)'") }
    }
}
