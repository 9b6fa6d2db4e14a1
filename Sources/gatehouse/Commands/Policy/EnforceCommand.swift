import ArgumentParser
import Foundation
import GatehouseConfig
import GatehouseCore
import GatehouseGateway
import GatehousePolicy
import GatehouseStore

/// `gatehouse enforce --dry-run --config FILE --org ID [--members FILE] [--format table|json|html]`.
///
/// Exit 0 when enforcing SSO is safe (no blocker), 1 when any blocker stands (Owner/Admin lockouts, no Owner able
/// to sign in, break-glass, certificates, domains, SCIM), 2 on usage or configuration errors.
struct EnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforce",
        abstract: "Predict what enforcing SSO would do to every member (the dry-run enforcement check).",
        discussion: """
            Members come from the store (--database: JIT logins with their last claims, SCIM accounts) or from \
            --members, an export of the IdP's users (JSON or CSV, see docs/policy.md). Domains are read from the store \
            (their last DNS check), signing certificates from the connections' metadata files. \
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
    @OptionGroup var database: DatabaseOption

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
        let configuration = try GatewayLauncher.loadConfiguration(config)
        guard let orgConfig = configuration.org(org) else {
            throw UsageError("no organization '\(org)' in \(config) (known: \(configuration.orgs.map(\.id).joined(separator: ", ")))")
        }
        let metadata = (try? GatewayLauncher.metadataFiles(configuration, configPath: config)) ?? [:]
        let certificates = EnforcementService.certificates(metadata: metadata, organization: orgConfig)
        let report: EnforcementReport
        let explicitStore = database.database != nil || ProcessInfo.processInfo.environment["GATEHOUSE_DATABASE"] != nil
        if let members, !explicitStore {
            // An export and no store named: the configuration's view (domains as configured); nothing is opened or created.
            let list = try PolicyCLISupport.loadMembers(members)
            do {
                let engine = try EnforcementEngine(context: EnforcementService.configurationOnlyContext(
                    organization: orgConfig, certificates: certificates, now: instant))
                report = try await engine.run(source: StaticMemberSource(list))
            } catch let error as PolicyError {
                throw UsageError("\(error.code): \(error.reason)")
            }
        } else {
            let location = try database.location()
            if let path = location.sqlitePath, !FileManager.default.fileExists(atPath: path) {
                throw UsageError("no store at \(path): pass --database (the gateway's SQLite file or postgres:// URL) or --members FILE (an IdP export of users with groups and attributes, JSON or CSV; see docs/policy.md)")
            }
            let source: (any MemberSource)? = try members.map { StaticMemberSource(try PolicyCLISupport.loadMembers($0)) }
            let store = try await GatewayLauncher.openStore(location)
            do {
                let service = EnforcementService(store: store, clock: SystemClock(), delivers: { _ in false })
                report = try await service.dryRun(organization: orgConfig, certificates: certificates, source: source, now: instant)
                await store.close()
            } catch let error as PolicyError {
                await store.close()
                throw UsageError("\(error.code): \(error.reason)")
            } catch {
                await store.close()
                throw error
            }
        }
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
