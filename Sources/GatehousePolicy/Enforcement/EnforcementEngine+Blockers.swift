import Foundation

extension EnforcementEngine {
    /// Blockers that do not depend on members: break-glass, certificates, connections, domains, SCIM.
    func orgBlockers() -> [Blocker] {
        var blockers: [Blocker] = []
        if context.breakGlass.isEmpty {
            blockers.append(
                Blocker(
                    .breakGlassMissing, subject: context.orgID,
                    message: "No break-glass account is configured: if the IdP is down or its certificate rotates unannounced, nobody can sign in. Configure one (an Owner with a password and second factor, stored offline) and test it."))
        }
        for account in context.breakGlass {
            guard let tested = account.lastTested else {
                blockers.append(
                    Blocker(
                        .breakGlassUntested, subject: account.email,
                        message: "The break-glass credential of \(account.email) has never been tested; sign in with it once so it is known to work."))
                continue
            }
            let age = context.now.timeIntervalSince(tested)
            if age > context.breakGlassMaxAge {
                blockers.append(
                    Blocker(
                        .breakGlassUntested, subject: account.email,
                        message: "The break-glass credential of \(account.email) was last tested \(Int(age / 86_400)) days ago (\(tested.formatted(.iso8601))); expected a test within \(Int(context.breakGlassMaxAge / 86_400)) days. Sign in with it again."))
            }
        }
        if !hasEnabledConnection {
            blockers.append(
                Blocker(
                    .noEnabledConnection, subject: context.orgID,
                    message: "The org has no enabled IdP connection: enforcing SSO would lock everyone out."))
        }
        let window = context.certificateWarningWindow
        for connection in context.connections where connection.enabled && connection.kind == .saml {
            if connection.signingCertificates.count == 1 {
                blockers.append(
                    Blocker(
                        .singleSigningCertificate, subject: connection.id,
                        message: "The metadata of connection '\(connection.id)' lists a single signing certificate: a rotation at the IdP breaks every login until the metadata is updated. Ask the IdP admin to publish the next certificate alongside the current one."))
            }
            for cert in connection.signingCertificates {
                let remaining = cert.notAfter.timeIntervalSince(context.now)
                guard remaining < window else { continue }
                let days = Int((abs(remaining) / 86_400).rounded(.down))
                let when = remaining < 0 ? "expired \(days) day\(days == 1 ? "" : "s") ago" : "expires in \(days) day\(days == 1 ? "" : "s")"
                blockers.append(
                    Blocker(
                        .certificateExpiring, subject: cert.fingerprint,
                        message: "Signing certificate \(cert.fingerprint) of connection '\(connection.id)' \(when) (notAfter \(cert.notAfter.formatted(.iso8601))); expected at least 30 days left. Publish and configure the next certificate."))
            }
        }
        if context.domains.isEmpty {
            blockers.append(
                Blocker(
                    .domainUnverified, subject: context.orgID,
                    message: "The org has no email domain: add and verify the domain its users sign in with."))
        }
        for domain in context.domains {
            if !domain.verified {
                blockers.append(
                    Blocker(
                        .domainUnverified, subject: domain.name,
                        message: "Domain '\(domain.name)' is not verified: its users cannot be routed to the org's IdP. Publish the DNS TXT record and run `gatehouse domain verify`."))
            } else if let check = domain.lastCheck, !check.succeeded {
                blockers.append(
                    Blocker(
                        .domainCheckFailed, subject: domain.name,
                        message: "The last verification check of '\(domain.name)' failed (\(check.at.formatted(.iso8601))\(check.detail.map { ": \($0)" } ?? "")); the TXT record may have been removed."))
            }
        }
        if !context.scimConnected {
            blockers.append(
                Blocker(
                    .scimNotConnected, subject: context.orgID,
                    message: "SCIM deprovisioning is not connected: people removed at the IdP keep their sessions and accounts until they expire. Connect SCIM, or acknowledge."))
        }
        return blockers
    }
}
