import ArgumentParser
import Foundation
import GatehousePolicy

/// `gatehouse bench enforce`: the dry run over a generated org (default 100,000 members, 2,000 groups, 50 rules)
/// with JSON output. Prints one JSON object with the timings and the peak RSS (`VmHWM`).
struct BenchEnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforce", abstract: "Dry-run enforcement check over a generated org (JSON output).")

    @Option(help: "Members in the generated org.") var members = 100_000
    @Option(help: "Distinct groups.") var groups = 2_000
    @Option(help: "Role-mapping rules.") var rules = 50
    @Option(help: "Maximum groups per member (each gets 1…N).") var groupsPerMember = 12
    @Option(help: "Seed of the generator.") var seed: UInt64 = 42
    @Flag(help: "Also serialize the members to a JSON export and parse it back (the --members path), timed.")
    var includeParse = false
    @Option(help: "Write the report here (default: discard after measuring its size).") var output: String?
    @Option(
        help: "Also write the generated org as DIR/bench-config.yaml and DIR/bench-members.json, to time the real command: gatehouse enforce --dry-run --config DIR/bench-config.yaml --org bench --members DIR/bench-members.json --format json --now 2026-11-18T11:06:40Z")
    var export: String?

    func run() async throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let org = EnforceBenchOrg(members: members, groups: groups, rules: rules, groupsPerMember: groupsPerMember, seed: seed)
        var list = org.members
        let t1 = clock.now
        var parseSeconds: Double? = nil
        if includeParse {
            let data = Data(org.exportJSON().utf8)
            let p0 = clock.now
            list = try MemberFileParser.parse(data, format: .json)
            parseSeconds = (clock.now - p0).enforceBenchSeconds
        }
        let engine = try EnforcementEngine(context: org.context)
        let t2 = clock.now
        let report = engine.run(members: list)
        let t3 = clock.now
        let json = report.renderJSONBytes()
        let t4 = clock.now
        if let output { try Data(json).write(to: URL(fileURLWithPath: output)) }
        if let export {
            let dir = URL(fileURLWithPath: export)
            try Data(org.exportYAML().utf8).write(to: dir.appendingPathComponent("bench-config.yaml"))
            try Data(org.exportJSON().utf8).write(to: dir.appendingPathComponent("bench-members.json"))
        }
        var result: [String: Any] = [
            "members": members, "groups": groups, "rules": rules,
            "generateSeconds": (t1 - t0).enforceBenchSeconds, "evaluateSeconds": (t3 - t2).enforceBenchSeconds,
            "renderJSONSeconds": (t4 - t3).enforceBenchSeconds, "dryRunSeconds": (t4 - t2).enforceBenchSeconds,
            "outputBytes": json.count, "maxRSSMiB": Self.peakRSSMiB(),
            "outcomes": [
                "keepsRole": report.summary.keepsRole, "roleChanges": report.summary.roleChanges,
                "lockedOut": report.summary.lockedOut, "blockers": report.blockers.count,
            ],
        ]
        if let parseSeconds { result["parseSeconds"] = parseSeconds }
        CLIOutput.printJSON(result)
    }

    /// Peak resident set size from /proc/self/status (Linux), in MiB; 0 elsewhere.
    static func peakRSSMiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kb = Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
}

extension Duration {
    fileprivate var enforceBenchSeconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}

/// A deterministic org for the benchmark: groups `anthropic-team-N` (some sent without the prefix or in another
/// case), rules over groups, prefixes, attributes and the domain, members with 1…N groups each.
struct EnforceBenchOrg {
    let members: [OrgMember]
    let context: EnforcementContext
    let groupNames: [String]

    init(members count: Int, groups: Int, rules ruleCount: Int, groupsPerMember: Int, seed: UInt64) {
        var rng = EnforceBenchRandom(seed: seed)
        groupNames = (0..<groups).map { "anthropic-team-\($0)" }
        var rules: [RoleRule] = [
            RoleRule(id: "owners", role: .owner, condition: .group("anthropic-team-0")),
            RoleRule(id: "admins", role: .admin, condition: .group("anthropic-team-1")),
            RoleRule(id: "leads", role: .admin, condition: .groupPrefix("anthropic-lead-")),
            RoleRule(id: "finance", role: .custom("billing"), condition: .attribute(name: "department", value: "Finance")),
        ]
        var i = 2
        while rules.count < ruleCount {
            rules.append(RoleRule(id: "team-\(i)", role: .member, condition: .group("anthropic-team-\(i * max(1, groups / ruleCount))")))
            i += 1
        }
        let policy = RoleMappingPolicy(
            rules: rules, overrides: [UserOverride(email: "u0@bench.example", outcome: .role(.owner))], defaultRole: nil,
            groupCase: .sensitive, requiredGroupPrefix: "anthropic-", customRoles: [CustomRole(name: "billing")])
        let departments = ["Engineering", "Finance", "Sales", "finance", "Support"]
        var list: [OrgMember] = []
        list.reserveCapacity(count)
        for m in 0..<count {
            let n = 1 + Int(rng.next() % UInt64(max(1, groupsPerMember)))
            var gs: [String] = []
            gs.reserveCapacity(n)
            for _ in 0..<n {
                let g = Int(rng.next() % UInt64(groups))
                switch rng.next() % 50 {
                case 0: gs.append("team-\(g)")  // prefix missing
                case 1: gs.append("Anthropic-Team-\(g)")  // case mismatch
                default: gs.append(groupNames[g])
                }
            }
            let roll = rng.next() % 1000
            let role: GatehousePolicy.Role? = m == 0 ? .primaryOwner : (roll < 2 ? .owner : roll < 20 ? .admin : roll < 990 ? .member : nil)
            let absent = rng.next() % 200 == 0
            let claims = LoginClaims(
                email: "u\(m)@bench.example", groups: absent ? nil : gs,
                attributes: ["department": [departments[Int(rng.next() % UInt64(departments.count))]]],
                source: .init(sourceProtocol: .saml, vendor: "generic", connectionID: "idp"))
            list.append(OrgMember(email: "u\(m)@bench.example", name: "User \(m)", currentRole: role, claims: claims))
        }
        members = list
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        context = EnforcementContext(
            orgID: "bench", orgName: "Bench", policy: policy,
            domains: [OrgDomain(name: "bench.example", verified: true, enforced: true)],
            connections: [
                ConnectionSummary(
                    id: "idp", kind: .saml,
                    signingCertificates: [
                        SigningCertificateInfo(fingerprint: "sha256:aa", notAfter: now.addingTimeInterval(400 * 86_400)),
                        SigningCertificateInfo(fingerprint: "sha256:bb", notAfter: now.addingTimeInterval(800 * 86_400)),
                    ])
            ],
            breakGlass: [BreakGlassAccount(email: "breakglass@bench.example", lastTested: now)], scimConnected: true, now: now)
    }

    /// The org as a configuration file (same policy, domains, connection, break-glass, SCIM).
    func exportYAML() -> String {
        var out = "orgs:\n  - id: bench\n    name: Bench\n    domains:\n      - {name: bench.example, verified: true, enforced: true}\n"
        out += "    connections:\n      - id: idp\n        type: saml\n        idpEntityID: https://idp.bench.example\n        signingCertificates:\n"
        for c in context.connections[0].signingCertificates {
            out += "          - {fingerprint: '\(c.fingerprint)', notAfter: '\(c.notAfter.formatted(.iso8601))'}\n"
        }
        out += "    roleMapping:\n      groupCase: sensitive\n      requiredGroupPrefix: anthropic-\n      defaultRole: deny\n"
        out += "      customRoles:\n        - {name: billing, basedOn: member}\n      rules:\n"
        for r in context.policy.rules {
            let condition: String
            switch r.condition {
            case .group(let g): condition = "group: '\(g)'"
            case .groupPrefix(let p): condition = "groupPrefix: '\(p)'"
            case .groupID(let id): condition = "groupID: '\(id)'"
            case .emailDomain(let d): condition = "emailDomain: '\(d)'"
            case .attribute(let n, let v): condition = "attribute: {name: '\(n)', value: '\(v)'}"
            }
            out += "        - {id: '\(r.id)', role: \(r.role.name), \(condition)}\n"
        }
        out += "      overrides:\n        - {email: u0@bench.example, role: owner}\n"
        out += "    breakGlass:\n      - {email: breakglass@bench.example, lastTested: '\(context.now.formatted(.iso8601))'}\n"
        out += "    scim: {connected: true}\n"
        return out
    }

    /// The members as a `--members` JSON export.
    func exportJSON() -> String {
        var out = "{\"members\":["
        for (i, m) in members.enumerated() {
            if i > 0 { out += "," }
            let groups = (m.claims?.groups).map { "\"groups\":[" + $0.map { "\"\($0)\"" }.joined(separator: ",") + "]," } ?? ""
            let role = m.currentRole.map { "\"role\":\"\($0.name)\"," } ?? ""
            let dept = m.claims?.attributes["department"]?.first ?? ""
            out += "{\(role)\(groups)\"attributes\":{\"department\":\"\(dept)\"},\"connection\":\"idp\",\"email\":\"\(m.email)\",\"name\":\"\(m.name ?? "")\"}"
        }
        return out + "]}"
    }
}

/// EnforceBenchRandom: a small deterministic generator, so every run benchmarks the same org.
struct EnforceBenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
