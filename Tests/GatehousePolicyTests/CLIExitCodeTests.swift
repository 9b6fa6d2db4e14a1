import Foundation
import Testing

/// The CLI binary next to the test bundle (`gatehouse`, or `policycli` in a dev package), or `$GATEHOUSE_BIN`.
let cliBinary: String? = {
    if let env = ProcessInfo.processInfo.environment["GATEHOUSE_BIN"], FileManager.default.isExecutableFile(atPath: env) {
        return env
    }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        for name in ["gatehouse", "policycli"] {
            let path = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}()

struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

func runCLI(_ arguments: [String]) throws -> CLIRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(cliBinary))
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot()
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIRun(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

@Suite(
    "CLI exit codes", .serialized,
    .enabled(if: cliBinary != nil || ProcessInfo.processInfo.environment["CI"] == "true", "CLI binary not built"))
struct CLIExitCodeTests {
    let config = "config/gatehouse.yaml"

    func temp(_ name: String, _ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gh-policy-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func dryRunWithBlockersExits1() throws {
        let r = try runCLI(["enforce", "--dry-run", "--config", config, "--org", "example", "--members", "config/examples/members.json", "--now", "2026-11-23T12:00:00Z"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("policy.admin_locked_out:ivy@example.com"))
    }

    @Test func dryRunSafeExits0() throws {
        let members = try temp(
            "safe.json",
            """
            {"members": [
              {"email": "alice@example.com", "role": "primary_owner", "groups": ["anthropic-owners"]},
              {"email": "adam@example.com", "role": "admin", "groups": ["anthropic-admins"]}
            ]}
            """)
        for format in ["table", "json", "html"] {
            let r = try runCLI(["enforce", "--dry-run", "--config", config, "--org", "example", "--members", members, "--format", format, "--now", "2026-11-23T12:00:00Z"])
            #expect(r.status == 0, "\(format): \(r.stdout) \(r.stderr)")
        }
        let json = try runCLI(["enforce", "--dry-run", "--config", config, "--org", "example", "--members", members, "--format", "json", "--now", "2026-11-23T12:00:00Z"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["safe"] as? Bool == true)
    }

    @Test func csvMembers() throws {
        let r = try runCLI(["enforce", "--dry-run", "--config", config, "--org", "example", "--members", "config/examples/members.csv", "--format", "json", "--now", "2026-11-23T12:00:00Z"])
        #expect(r.status == 0, "only Members are locked out (bob: prefix missing, dan: groups absent): reported, not blockers")
        #expect(r.stdout.contains("\"code\":\"policy.groups_not_sent\""))
        #expect(r.stdout.contains("\"email\":\"quoted@example.com\""))
    }

    @Test(arguments: [
        ["enforce", "--config", "config/gatehouse.yaml", "--org", "example", "--members", "config/examples/members.json"],
        ["enforce", "--dry-run", "--rehearse", "--config", "config/gatehouse.yaml", "--org", "example", "--members", "config/examples/members.json"],
        ["enforce", "--dry-run", "--config", "config/gatehouse.yaml", "--org", "nope", "--members", "config/examples/members.json"],
        ["enforce", "--dry-run", "--config", "missing.yaml", "--org", "example", "--members", "config/examples/members.json"],
        ["enforce", "--dry-run", "--config", "config/gatehouse.yaml", "--org", "example", "--database", "/nonexistent-gatehouse/none.sqlite"],
        ["enforce", "--dry-run", "--config", "config/gatehouse.yaml", "--org", "example", "--members", "config/examples/members.json", "--format", "xml"],
        ["enforce", "--dry-run", "--config", "config/gatehouse.yaml", "--org", "example", "--members", "config/gatehouse.yaml"],
        ["policy", "explain", "--config", "config/gatehouse.yaml", "--org", "example", "--claims", "config/gatehouse.yaml"],
    ])
    func usageErrorsExit2(_ arguments: [String]) throws {
        let r = try runCLI(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(!r.stderr.isEmpty)
    }

    @Test func rehearseSaysItNeedsTheMockIdP() throws {
        let r = try runCLI(["enforce", "--dry-run", "--rehearse", "--config", config, "--org", "example", "--members", "config/examples/members.json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("mock IdP"))
    }

    @Test func explainExitCodes() throws {
        let granted = try runCLI(["policy", "explain", "--config", config, "--org", "example", "--claims", "config/examples/claims-prefix-missing.json"])
        #expect(granted.status == 0)
        #expect(granted.stdout.contains("did you mean to send it with the prefix?"))
        let denied = try runCLI(["policy", "explain", "--config", config, "--org", "example", "--claims", "config/examples/claims-groups-absent.json", "--format", "json"])
        #expect(denied.status == 1)
        #expect(denied.stdout.contains("\"code\":\"policy.groups_not_sent\""))
    }
}
