import ArgumentParser
import Foundation
import GatehouseConfig
import GatehousePolicy

/// `gatehouse enforce --dry-run --config FILE --org ID [--members FILE] [--format table|json|html]`.
///
/// Exit 0 when enforcing SSO is safe (no blocker), 1 when any blocker stands (Owner/Admin lockouts, no Owner able
/// to sign in, break-glass, certificates, domains, SCIM), 2 on usage or configuration errors.
struct EnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforce",
        abstract: "Predict what enforcing SSO would do to every member (the dry-run enforcement check).",
        discussion: """
            Members come from --members, an export of the IdP's users (JSON or CSV, see docs/policy.md). \
            Exit status: 0 safe, 1 a blocker stands (lockout of an Owner/Admin, no Owner able to sign in, \
            break-glass, certificates, domains, SCIM), 2 usage or configuration error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, html }

    @Flag(help: "Only predict; change nothing. Required: enforcement itself is turned on through the admin API.")
    var dryRun = false
    @Flag(help: "Run each member through a real login against the mock IdP (needs the mock IdP).")
    var rehearse = false
    @Option(help: "Configuration file (YAML).") var config: String
    @Option(help: "Organization id in the configuration.") var org: String
    @Option(help: "IdP user export: JSON ({\"members\": [...]}) or CSV with a header row.") var members: String?
    @Option(help: "Output format: table, json or html.") var format: Format = .table
    @Option(help: "Evaluate certificate expiry at this ISO 8601 instant instead of now.") var now: String?

    func run() async throws {
        guard dryRun else {
            throw UsageError(
                "enforce needs --dry-run: this command only predicts. Enforcement is turned on through the admin API, which refuses while a blocker stands unless each one is acknowledged.")
        }
        if rehearse {
            throw UsageError(
                "--rehearse is not implemented yet: rehearsal runs each member through a real login against the mock IdP (GatehouseMockIdP), and is not wired to it; run the dry run without --rehearse.")
        }
        let instant = try now.map(CLIOutput.parseInstant) ?? Date()
        let orgConfig = try PolicyCLISupport.loadOrg(config: config, org: org)
        guard let members else {
            throw UsageError(
                "no member store is available in this build: pass --members FILE (an IdP export of users with groups and attributes, JSON or CSV; see docs/policy.md)")
        }
        let list = try PolicyCLISupport.loadMembers(members)
        let engine: EnforcementEngine
        do {
            engine = try EnforcementEngine(context: orgConfig.enforcementContext(now: instant))
        } catch {
            throw UsageError("\(error.code): \(error.reason)")
        }
        let report = try await engine.run(source: StaticMemberSource(list))
        switch format {
        case .table: PolicyCLISupport.write(report.renderTable())
        case .json:
            FileHandle.standardOutput.write(Data(report.renderJSONBytes()))
            FileHandle.standardOutput.write(Data("\n".utf8))
        case .html: PolicyCLISupport.write(report.renderHTML())
        }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}
