import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDomains

/// `gatehouse domain verify DOMAIN --token TOKEN`: one check, as the scheduler runs it.
/// Exit 0 verified, 1 not verified, 3 unknown (resolver trouble), 2 usage.
struct DomainVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a domain's TXT verification record (exit 0 verified, 1 not verified, 3 unknown, 2 usage error)."
    )

    @Argument(help: "The domain, e.g. example.com.")
    var domain: String
    @Option(help: "The token issued for this org and domain.")
    var token: String
    @OptionGroup var resolverOptions: DomainResolverOptions
    @Option(help: "The record label in front of the domain (default _gatehouse-challenge).")
    var recordName: String = "_gatehouse-challenge"
    @Option(help: "What precedes the token in the value (default gatehouse-domain-verification=).")
    var valuePrefix: String = "gatehouse-domain-verification="
    @Option(name: .customLong("old-token"), help: "An earlier token of this org (repeatable): named if still published.")
    var oldTokens: [String] = []
    @Option(name: .customLong("other-token"), help: "Another org's token for this domain (repeatable): named without the org.")
    var otherTokens: [String] = []
    @Option(help: "Output format: text (default) or json.")
    var format: String = "text"

    mutating func run() async throws {
        guard format == "text" || format == "json" else { throw UsageError("--format must be text or json, got '\(format)'") }
        let label = Self.label(recordName, domain: domain)
        let challenge: DomainChallenge
        do {
            challenge = try DomainChallenge(domain: domain, token: token, format: DomainChallengeFormat(recordLabel: label, valuePrefix: valuePrefix))
        } catch { throw UsageError("\(error.code): \(error.reason)") }
        let verifier = DomainVerifier(
            resolver: try resolverOptions.makeResolver(), authoritative: try resolverOptions.makeAuthoritativeOptions(), clock: SystemClock())
        var others: [String: String] = [:]
        for t in otherTokens { others[t] = "another organization" }
        let result = await verifier.check(challenge, known: KnownTokens(previous: Set(oldTokens), otherOrganizations: others))
        if format == "json" {
            CLIOutput.printJSON(DomainCheckJSON.object(result))
        } else {
            print(DomainReport.render(result))
        }
        switch result.status {
        case .verified: return
        case .failed: throw ExitCode(1)
        case .unknown: throw ExitCode(3)
        }
    }

    /// Accepts the label (`_gatehouse-challenge`) or the full name (`_gatehouse-challenge.example.com`).
    static func label(_ recordName: String, domain: String) -> String {
        let r = DomainName.normalize(recordName)
        let d = DomainName.normalize(domain)
        return r.hasSuffix("." + d) ? String(r.dropLast(d.count + 1)) : r
    }
}
