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
        ["enforce", "--dry-run", "--rehearse-scenario", "idp.5xx", "--config", "config/gatehouse.yaml", "--org", "example", "--members", "config/examples/members.json"],
        ["enforce", "--dry-run", "--rehearse", "--rehearse-scenario", "no.such-scenario", "--config", "config/gatehouse.yaml", "--org", "example", "--members", "config/examples/members.json"],
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

    func rehearsal(_ extra: [String], members: String = "config/examples/members.json") throws -> (CLIRun, [String: Any], [[String: Any]]) {
        let r = try runCLI(["enforce", "--dry-run", "--rehearse", "--config", config, "--org", "example", "--members", members,
                            "--format", "json", "--now", "2026-11-23T12:00:00Z"] + extra)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let rehearsal = object["rehearsal"] as? [String: Any] ?? [:]
        return (r, rehearsal, rehearsal["members"] as? [[String: Any]] ?? [])
    }

    static func entry(_ members: [[String: Any]], _ email: String) -> [String: Any] {
        members.first { $0["email"] as? String == email } ?? [:]
    }

    /// Every member of the sample export through a real login (private gateway + mock IdP): each outcome the dry run
    /// predicts happens, with the same role or the same refusal.
    @Test func rehearsalAgreesWithThePrediction() throws {
        let (r, rehearsal, members) = try rehearsal([])
        #expect(r.status == 1, "the sample has a blocker (ivy, an Admin, is locked out): \(r.stderr)")
        #expect(members.count == 17)
        #expect(rehearsal["disagreements"] as? Int == 0, "\(members.filter { $0["agrees"] as? Bool == false })")
        #expect(Self.entry(members, "alice@example.com")["rehearsedRole"] as? String == "primary_owner")
        #expect(Self.entry(members, "lee@example.com")["rehearsedRole"] as? String == "admin")
        #expect(Self.entry(members, "bob@example.com")["code"] as? String == "policy.no_role_match")
        #expect(Self.entry(members, "dan@example.com")["code"] as? String == "policy.groups_not_sent")
        #expect(Self.entry(members, "ivy@example.com")["code"] as? String == "policy.groups_overage")
        #expect(Self.entry(members, "ghost@example.com")["code"] as? String == "idp.unknown_user")
        #expect(Self.entry(members, "breakglass@example.com")["rehearsedOutcome"] as? String == "skipped")
        let report = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])["report"] as? [String: Any]
        #expect(report?["safe"] as? Bool == false)
    }

    @Test func safeOrgRehearsesClean() throws {
        let members = try temp(
            "safe-rehearse.json",
            """
            {"members": [
              {"email": "alice@example.com", "role": "primary_owner", "groups": ["anthropic-owners"]},
              {"email": "adam@example.com", "role": "admin", "groups": ["anthropic-admins"]}
            ]}
            """)
        let (r, rehearsal, entries) = try rehearsal([], members: members)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(rehearsal["exitStatus"] as? Int == 0 && entries.allSatisfy { $0["rehearsedOutcome"] as? String == "signed_in" })
        let table = try runCLI(["enforce", "--dry-run", "--rehearse", "--config", config, "--org", "example", "--members", members, "--now", "2026-11-23T12:00:00Z"])
        #expect(table.status == 0 && table.stdout.contains("Rehearsal of org example"))
        let html = try runCLI(["enforce", "--dry-run", "--rehearse", "--config", config, "--org", "example", "--members", members, "--format", "html", "--now", "2026-11-23T12:00:00Z"])
        #expect(html.status == 0 && html.stdout.contains("<h2>Rehearsal</h2>"))
    }

    /// The IdP goes down under enforcement: nobody signs in through it, the break-glass Owner still can.
    @Test func idpDownWithAWorkingBreakGlassOwner() throws {
        let (r, rehearsal, members) = try rehearsal(["--rehearse-scenario", "idp.5xx"])
        #expect(r.status == 1)
        #expect(members.filter { $0["rehearsedOutcome"] as? String == "signed_in" }.isEmpty)
        #expect(Self.entry(members, "alice@example.com")["code"] as? String == "idp.unavailable")
        #expect(Self.entry(members, "breakglass@example.com")["rehearsedOutcome"] as? String == "skipped")
        #expect(rehearsal["ownersAbleToSignIn"] as? Int == 1)
    }

    /// Scenarios from the mock IdP's catalogue change what the rehearsal sees, with the gateway's own codes.
    @Test(arguments: [
        ("groups.prefix-missing", "adam@example.com", "policy.no_role_match"),
        ("groups.absent", "adam@example.com", "policy.groups_not_sent"),
        ("cert.rotated-unannounced", "alice@example.com", "saml.untrusted_key"),
        ("sign.none", "alice@example.com", "saml.signature_missing"),
        ("audience.wrong", "alice@example.com", "saml.audience_mismatch"),
        ("user.suspended", "adam@example.com", "saml.idp_denied"),
        ("idp.down", "alice@example.com", "idp.unavailable"),
    ])
    func rehearsalUnderScenario(_ scenario: String, _ email: String, _ code: String) throws {
        let (r, _, members) = try rehearsal(["--rehearse-scenario", scenario])
        #expect(r.status == 1)
        #expect(Self.entry(members, email)["rehearsedOutcome"] as? String == "refused", "\(scenario)")
        #expect(Self.entry(members, email)["code"] as? String == code, "\(scenario): \(Self.entry(members, email))")
        #expect(Self.entry(members, email)["agrees"] as? Bool == false)
    }

    /// Published but oddly dated certificates are trusted (metadata is the trust anchor, as in every major SP) and
    /// flagged to the admin instead: the rehearsal signs everyone in as predicted.
    @Test(arguments: ["cert.expired", "cert.not-yet-valid"])
    func oddlyDatedPublishedCertificatesStillSignIn(_ scenario: String) throws {
        let (_, rehearsal, members) = try rehearsal(["--rehearse-scenario", scenario])
        #expect(rehearsal["disagreements"] as? Int == 0, "\(scenario)")
        #expect(Self.entry(members, "alice@example.com")["rehearsedOutcome"] as? String == "signed_in")
    }

    @Test func rehearseLimitTakesOwnersAndAdminsFirst() throws {
        let (_, rehearsal, members) = try rehearsal(["--rehearse-limit", "3"])
        #expect(members.count == 3 && rehearsal["notRehearsed"] as? Int == 14)
        #expect(members.allSatisfy { $0["administrative"] as? Bool == true })
    }

    /// The dry run over a store (no --members): an empty store has no Owner able to sign in.
    @Test func dryRunOverAnEmptyStore() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gh-enforce-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try runCLI(["migrate", "--database", path]).status == 0)
        let r = try runCLI(["enforce", "--dry-run", "--config", config, "--org", "example", "--database", path, "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("policy.no_owner_can_sign_in"))
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
