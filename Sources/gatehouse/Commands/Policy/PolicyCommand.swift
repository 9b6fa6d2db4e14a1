import ArgumentParser
import Foundation
import GatehouseConfig
import GatehousePolicy

/// `gatehouse policy …`: role-mapping tools.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Role-mapping tools (policy explain).", subcommands: [PolicyExplainCommand.self])
}

/// `gatehouse policy explain --config FILE --org ID --claims FILE [--format text|json]`.
///
/// Exit 0 when the claims get a role, 1 when the login would be denied, 2 on usage or configuration errors.
struct PolicyExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain which role a login's claims map to, and why (matched rules, ignored groups, near misses).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Configuration file (YAML).") var config: String
    @Option(help: "Organization id in the configuration.") var org: String
    @Option(help: "Claims file (JSON object: email, groups, attributes, …; see docs/policy.md).") var claims: String
    @Option(help: "The member's current role (overrides 'role' in the claims file); matters for primary_owner.")
    var currentRole: String?
    @Option(help: "Output format: text or json.") var format: Format = .text

    func run() async throws {
        let orgConfig = try PolicyCLISupport.loadOrg(config: config, org: org)
        let data = try CLIOutput.readFile(claims, what: "claims file", limit: 4 << 20)
        let parsed: (claims: LoginClaims, currentRole: GatehousePolicy.Role?)
        do {
            parsed = try MemberFileParser.parseClaims(data)
        } catch {
            throw UsageError("\(error.code): \(claims): \(error.reason)")
        }
        let mapper: RoleMapper
        do {
            mapper = try RoleMapper(policy: orgConfig.roleMapping, domains: orgConfig.domains)
        } catch {
            throw UsageError("\(error.code): \(error.reason)")
        }
        let result = mapper.evaluate(parsed.claims, currentRole: currentRole.map(GatehousePolicy.Role.init(name:)) ?? parsed.currentRole)
        PolicyCLISupport.write(format == .json ? result.renderJSON() : result.renderText())
        if !result.isGranted { throw ExitCode(1) }
    }
}
