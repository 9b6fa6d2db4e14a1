import Foundation
import GatehousePolicy
import Testing

@Suite("Dry run: member outcomes")
struct EnforcementOutcomeTests {
    func run(_ members: [OrgMember], context: EnforcementContext = healthyContext()) throws -> EnforcementReport {
        try EnforcementEngine(context: context).run(members: members)
    }

    @Test func healthyOrgIsSafe() throws {
        let report = try run(healthyMembers)
        #expect(report.blockers.isEmpty)
        #expect(report.isSafe)
        #expect(report.exitStatus == 0)
        #expect(report.summary.keepsRole == 4)
        #expect(report.summary.ownersAbleToSignIn == 2)
    }

    @Test func eachOutcome() throws {
        let report = try run(
            healthyMembers + [
                member("promoted@example.com", .member, groups: ["anthropic-admins"]),
                member("newhire@example.com", nil, groups: ["anthropic-engineering"]),
                member("bob@example.com", .member, groups: ["engineering"]),
                OrgMember(email: "ghost@example.com", currentRole: .member),
                OrgMember(email: "breakglass@example.com", currentRole: .owner),
            ])
        let byEmail = Dictionary(uniqueKeysWithValues: report.members.map { ($0.email, $0) })
        #expect(byEmail["eve@example.com"]?.kind == .keepsRole)
        #expect(byEmail["promoted@example.com"]?.kind == .roleChanges)
        #expect(byEmail["promoted@example.com"]?.predictedRole == .admin)
        #expect(byEmail["newhire@example.com"]?.kind == .roleChanges)
        #expect(byEmail["bob@example.com"]?.kind == .lockedOut)
        #expect(byEmail["bob@example.com"]?.reasons.first?.code == "policy.no_role_match")
        #expect(byEmail["bob@example.com"]?.nearMisses.first?.kind == .missingPrefix)
        #expect(byEmail["ghost@example.com"]?.reasons.first?.code == "policy.never_signed_in_with_sso")
        #expect(byEmail["breakglass@example.com"]?.kind == .breakGlass)
        #expect(report.summary.lockedOut == 2)
        #expect(report.isSafe, "member lockouts alone are reported, not blockers")
    }

    @Test func scimDeprovisionedLocksOutButNeverThePrimaryOwner() throws {
        var gone = member("gone@example.com", .member, groups: ["anthropic-engineering"])
        gone.scimPresent = false
        var primary = healthyMembers[0]
        primary.scimPresent = false
        let report = try run([primary] + healthyMembers.dropFirst() + [gone])
        #expect(report.members.last?.reasons.first?.code == "policy.scim_deprovisioned")
        #expect(report.members[0].kind == .keepsRole)
        #expect(report.isSafe)
    }

    @Test func disabledConnectionLocksOut() throws {
        var context = healthyContext()
        context.connections[1].enabled = false
        let report = try run(healthyMembers + [member("o@example.com", .member, groups: ["anthropic-engineering"], connection: "oidc")], context: context)
        let m = report.members.last!
        #expect(m.kind == .lockedOut)
        #expect(m.reasons.first?.code == "policy.connection_disabled")
    }

    @Test func adminLockoutIsABlocker() throws {
        let report = try run(healthyMembers + [member("ivy@example.com", .admin, groups: nil)])
        #expect(report.blockers.map(\.id) == ["policy.admin_locked_out:ivy@example.com"])
        #expect(report.hasLockout)
        #expect(report.exitStatus == 1)
        #expect(report.blockers[0].message.contains("policy.groups_not_sent"))
    }

    @Test func demotionIsReportedAsRoleChange() throws {
        let report = try run(healthyMembers + [member("old-admin@example.com", .admin, groups: ["anthropic-engineering"])])
        #expect(report.members.last?.kind == .roleChanges)
        #expect(report.members.last?.predictedRole == .member)
    }

    @Test func allOwnersLoseRole() throws {
        let members = [
            member("alice@example.com", .owner, groups: ["owners"]),
            member("olivia@example.com", .owner, groups: ["Anthropic-Owners"]),
        ]
        let report = try run(members)
        let codes = Set(report.blockers.map(\.code))
        #expect(codes.contains(.noOwnerCanSignIn))
        #expect(codes.contains(.adminLockedOut))
    }

    @Test func primaryOwnerLockedOutWhenNeverLinked() throws {
        let report = try run([OrgMember(email: "alice@example.com", currentRole: .primaryOwner)] + healthyMembers.dropFirst())
        #expect(report.blockers.map(\.code) == [.primaryOwnerLockedOut])
    }

    @Test func primaryOwnerProtectedFromMapping() throws {
        let report = try run([member("alice@example.com", .primaryOwner, groups: ["engineering"])] + healthyMembers.dropFirst())
        #expect(report.members[0].kind == .keepsRole)
        #expect(report.blockers.isEmpty)
    }

    @Test func breakGlassCountsAsNoOwner() throws {
        let report = try run([OrgMember(email: "breakglass@example.com", currentRole: .owner)])
        #expect(report.blockers.map(\.code) == [.noOwnerCanSignIn])
    }
}

@Suite("Dry run: org-level blockers")
struct EnforcementBlockerTests {
    func blockers(_ change: (inout EnforcementContext) -> Void) throws -> [Blocker] {
        var context = healthyContext()
        change(&context)
        return try EnforcementEngine(context: context).run(members: healthyMembers).blockers
    }

    @Test func noBreakGlass() throws {
        #expect(try blockers { $0.breakGlass = [] }.map(\.code) == [.breakGlassMissing])
    }

    @Test func breakGlassNeverTested() throws {
        let b = try blockers { $0.breakGlass = [BreakGlassAccount(email: "bg@example.com")] }
        #expect(b.map(\.id) == ["policy.break_glass_untested:bg@example.com"])
    }

    @Test func breakGlassStale() throws {
        let b = try blockers {
            $0.breakGlass = [BreakGlassAccount(email: "bg@example.com", lastTested: referenceNow.addingTimeInterval(-120 * 86_400))]
        }
        #expect(b.map(\.id) == ["policy.break_glass_untested:bg@example.com"])
        #expect(b[0].message.contains("120 days ago"))
    }

    @Test(arguments: [(-5.0, "expired 5 days ago"), (10.5, "expires in 10 days"), (29.9, "expires in 29 days")])
    func certificateExpiring(days: Double, wording: String) throws {
        let b = try blockers {
            $0.connections[0].signingCertificates[0].notAfter = referenceNow.addingTimeInterval(days * 86_400)
        }
        #expect(b.map(\.id) == ["policy.certificate_expiring:sha256:current"])
        #expect(b[0].message.contains(wording))
    }

    @Test func certificateWithMoreThan30DaysIsFine() throws {
        #expect(try blockers { $0.connections[0].signingCertificates[0].notAfter = referenceNow.addingTimeInterval(31 * 86_400) }.isEmpty)
    }

    @Test func singleCertificate() throws {
        let b = try blockers { $0.connections[0].signingCertificates.removeLast() }
        #expect(b.map(\.id) == ["policy.single_signing_certificate:saml"])
    }

    @Test func disabledConnectionCertificatesAreIgnored() throws {
        let b = try blockers {
            $0.connections[0].enabled = false
            $0.connections[0].signingCertificates = []
        }
        #expect(!b.contains { $0.code == .singleSigningCertificate || $0.code == .certificateExpiring })
        #expect(b.contains { $0.id == "policy.admin_locked_out:adam@example.com" }, "members of a disabled connection are locked out")
    }

    @Test func noEnabledConnection() throws {
        let b = try blockers { for i in $0.connections.indices { $0.connections[i].enabled = false } }
        #expect(b.map(\.code).contains(.noEnabledConnection))
        #expect(b.map(\.code).contains(.noOwnerCanSignIn))
    }

    @Test func domainUnverified() throws {
        let b = try blockers { $0.domains.append(OrgDomain(name: "new.example", verified: false)) }
        #expect(b.map(\.id) == ["policy.domain_unverified:new.example"])
    }

    @Test func domainCheckFailed() throws {
        let b = try blockers { $0.domains[0].lastCheck = .init(at: referenceNow, succeeded: false, detail: "TXT record not found") }
        #expect(b.map(\.id) == ["policy.domain_check_failed:example.com"])
        #expect(b[0].message.contains("TXT record not found"))
    }

    @Test func scimNotConnected() throws {
        #expect(try blockers { $0.scimConnected = false }.map(\.id) == ["policy.scim_not_connected:example"])
    }
}

@Suite("Turning enforcement on")
struct EnforcementDecisionTests {
    func report() throws -> EnforcementReport {
        var context = healthyContext()
        context.scimConnected = false
        context.breakGlass = []
        return try EnforcementEngine(context: context).run(members: healthyMembers)
    }

    @Test func refusedWhileABlockerStands() throws {
        let decision = EnforcementDecision.decide(report: try report(), acknowledging: [], actor: "admin@example.com", at: referenceNow)
        #expect(!decision.allowed)
        #expect(decision.unacknowledged.count == 2)
    }

    @Test func refusedWhenOnlySomeAreAcknowledged() throws {
        let decision = EnforcementDecision.decide(
            report: try report(), acknowledging: ["policy.scim_not_connected:example"], actor: "a", at: referenceNow)
        #expect(!decision.allowed)
        #expect(decision.unacknowledged.map(\.code) == [.breakGlassMissing])
    }

    @Test func codesAloneAreNotAcknowledgements() throws {
        let decision = EnforcementDecision.decide(
            report: try report(), acknowledging: ["policy.scim_not_connected", "policy.break_glass_missing"], actor: "a", at: referenceNow)
        #expect(!decision.allowed)
        #expect(decision.unknownAcknowledgements.count == 2)
    }

    @Test func allowedWhenEachIsAcknowledged() throws {
        let r = try report()
        let decision = EnforcementDecision.decide(report: r, acknowledging: r.blockers.map(\.id), actor: "admin@example.com", at: referenceNow)
        #expect(decision.allowed)
        #expect(decision.acknowledgements.map(\.blockerID) == r.blockers.map(\.id))
        #expect(decision.acknowledgements.allSatisfy { $0.actor == "admin@example.com" && $0.at == referenceNow })
    }

    @Test func safeReportNeedsNothing() throws {
        let r = try EnforcementEngine(context: healthyContext()).run(members: healthyMembers)
        #expect(EnforcementDecision.decide(report: r, acknowledging: [], actor: "a", at: referenceNow).allowed)
    }
}
