import ArgumentParser
import Foundation
import GatehouseConfig
import GatehouseCore
import GatehouseGateway
import GatehouseMockIdP
import GatehousePolicy
import GatehouseRehearsal
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
    @Flag(help: "Also run each member through a real login (private gateway + TEST-ONLY mock IdP on loopback) and compare with the prediction.")
    var rehearse = false
    @Option(name: .customLong("rehearse-scenario"), help: "Mock IdP scenario active during the rehearsal (repeatable), e.g. idp.5xx, cert.rotated-unannounced.")
    var rehearseScenarios: [String] = []
    @Option(help: "Rehearse at most this many members, Owners and Admins first (0 = all).") var rehearseLimit = 500
    @Option(help: "Folder with the TEST-ONLY mock IdP keys (default: certs/ found upward).") var certs: String?
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
        if !rehearseScenarios.isEmpty && !rehearse { throw UsageError("--rehearse-scenario needs --rehearse") }
        guard rehearseLimit >= 0 else { throw UsageError("--rehearse-limit must be 0 (all) or more") }
        let instant = try now.map(CLIOutput.parseInstant) ?? Date()
        let configuration = try GatewayLauncher.loadConfiguration(config)
        guard let orgConfig = configuration.org(org) else {
            throw UsageError("no organization '\(org)' in \(config) (known: \(configuration.orgs.map(\.id).joined(separator: ", ")))")
        }
        let metadata = (try? GatewayLauncher.metadataFiles(configuration, configPath: config)) ?? [:]
        let certificates = EnforcementService.certificates(metadata: metadata, organization: orgConfig)
        let report: EnforcementReport
        let context: EnforcementContext
        let memberList: [OrgMember]
        let explicitStore = database.database != nil || ProcessInfo.processInfo.environment["GATEHOUSE_DATABASE"] != nil
        if let members, !explicitStore {
            // An export and no store named: the configuration's view (domains as configured); nothing is opened or created.
            let list = try PolicyCLISupport.loadMembers(members)
            do {
                context = EnforcementService.configurationOnlyContext(organization: orgConfig, certificates: certificates, now: instant)
                memberList = list
                report = try await EnforcementEngine(context: context).run(source: StaticMemberSource(list))
            } catch let error as PolicyError {
                throw UsageError("\(error.code): \(error.reason)")
            }
        } else {
            let location = try database.location()
            if let path = location.sqlitePath, !FileManager.default.fileExists(atPath: path) {
                throw UsageError("no store at \(path): pass --database (the gateway's SQLite file or postgres:// URL) or --members FILE (an IdP export of users with groups and attributes, JSON or CSV; see docs/policy.md)")
            }
            let source: (any MemberSource)? = try members.map { StaticMemberSource(try PolicyCLISupport.loadMembers($0)) }
            do {
                (context, memberList) = try await GatewayLauncher.withStore(location) { store in
                    let service = EnforcementService(store: store, clock: SystemClock(), delivers: { _ in false })
                    let members = source ?? StoreMemberSource(store: store, scimConnected: orgConfig.scimConnected)
                    return (try await service.context(organization: orgConfig, certificates: certificates, now: instant),
                            try await members.members(ofOrg: orgConfig.id))
                }
                report = try await EnforcementEngine(context: context).run(members: memberList)
            } catch let error as PolicyError {
                throw UsageError("\(error.code): \(error.reason)")
            }
        }
        var rehearsal: RehearsalResult?
        if rehearse {
            guard let certsDir = certs.map({ URL(fileURLWithPath: $0) }) ?? MockKeyRing.locateCertsDirectory() else {
                throw UsageError("certs/ (the TEST-ONLY mock IdP keys) not found: pass --certs DIR")
            }
            do {
                rehearsal = try await Rehearsal.run(
                    configuration: configuration, organization: orgConfig, context: context, report: report, members: memberList,
                    options: Rehearsal.Options(scenarios: rehearseScenarios, limit: rehearseLimit, certsDirectory: certsDir))
            } catch let error as Rehearsal.Failure {
                throw UsageError("rehearsal: \(error.description)")
            }
        }
        switch format {
        case .table:
            PolicyCLISupport.write(report.renderTable())
            if let rehearsal { PolicyCLISupport.write("\n" + rehearsal.renderTable()) }
        case .json:
            if let rehearsal {
                FileHandle.standardOutput.write(Data("{\"rehearsal\":\(rehearsal.renderJSON()),\"report\":".utf8))
                FileHandle.standardOutput.write(Data(report.renderJSONBytes()))
                FileHandle.standardOutput.write(Data("}\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(report.renderJSONBytes()))
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        case .html:
            var page = report.renderHTML()
            if let rehearsal, let end = page.range(of: "</body>", options: .backwards) {
                page.replaceSubrange(end, with: rehearsal.renderHTMLSection() + "\n</body>")
            }
            PolicyCLISupport.write(page)
        }
        let status = max(report.exitStatus, rehearsal?.exitStatus ?? 0)
        if status != 0 { throw ExitCode(status) }
    }
}
