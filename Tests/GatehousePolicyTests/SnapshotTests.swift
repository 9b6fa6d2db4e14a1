import Foundation
import GatehouseConfig
import GatehousePolicy
import Testing

/// Golden files for `policy explain` and the dry run on the sample config, at a fixed instant.
/// Regenerate with `GATEHOUSE_UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests` and review the diff.
@Suite("Output snapshots")
struct SnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    func check(_ name: String, _ actual: String) throws {
        let url = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GATEHOUSE_UPDATE_SNAPSHOTS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs; regenerate with GATEHOUSE_UPDATE_SNAPSHOTS=1 and review")
    }

    func sample() throws -> OrganizationConfiguration {
        let config = try GatehouseConfiguration.load(path: repositoryRoot().appendingPathComponent("config/gatehouse.yaml").path)
        return try #require(config.org("example"))
    }

    func report(_ format: String) throws -> String {
        let org = try sample()
        let data = try Data(contentsOf: repositoryRoot().appendingPathComponent("config/examples/members.json"))
        let members = try MemberFileParser.parse(data, format: .json)
        let report = try EnforcementEngine(context: org.enforcementContext(now: referenceNow)).run(members: members)
        switch format {
        case "json": return report.renderJSON()
        case "html": return report.renderHTML()
        default: return report.renderTable()
        }
    }

    @Test(arguments: ["txt", "json", "html"])
    func dryRun(_ format: String) throws {
        try check("dry-run-example.\(format)", try report(format))
    }

    @Test(arguments: ["claims-prefix-missing", "claims-groups-absent", "claims-primary-owner"])
    func explain(_ name: String) throws {
        let org = try sample()
        let data = try Data(contentsOf: repositoryRoot().appendingPathComponent("config/examples/\(name).json"))
        let parsed = try MemberFileParser.parseClaims(data)
        let result = try RoleMapper(policy: org.roleMapping, domains: org.domains).evaluate(parsed.claims, currentRole: parsed.currentRole)
        try check("explain-\(name).txt", result.renderText() + "\n")
        try check("explain-\(name).json", result.renderJSON() + "\n")
    }
}
