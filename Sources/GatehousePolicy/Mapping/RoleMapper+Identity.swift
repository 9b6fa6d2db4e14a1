extension RoleMapper {
    struct Identity {
        var email: String = ""
        var domain: String = ""
        var denial: PolicyError?
    }

    /// Email present, verified when the IdP says, and at one of the org's verified domains.
    func checkIdentity(_ claims: LoginClaims, into result: inout RoleMappingResult) -> Identity {
        var identity = Identity()
        let raw = GroupShape.trimmed(claims.email ?? "")
        guard !raw.isEmpty else {
            identity.denial = PolicyError(
                .emailMissing,
                "The IdP sent no email address" + (claims.subject.map { " (subject '\($0)')" } ?? "")
                    + "; expected an email attribute or claim, or a NameID in emailAddress format.")
            return identity
        }
        let email = GroupShape.lowercased(raw)
        guard let at = email.firstIndex(of: "@"), email.index(after: at) < email.endIndex, at > email.startIndex,
            email.utf8.count <= 320, !email.utf8.contains(where: { $0 <= 32 || $0 == 127 }),
            !email[email.index(after: at)...].contains("@")
        else {
            let shown = raw.utf8.count > 120 ? String(raw.prefix(120)) + "…" : raw
            identity.denial = PolicyError(
                .emailMissing, "The email value '\(shown)' is not an email address (expected one name@domain, no spaces).")
            return identity
        }
        if claims.emailVerified == false {
            identity.denial = PolicyError(
                .emailUnverified, "The IdP marks '\(raw)' as unverified (email_verified=false); expected a verified email.")
            return identity
        }
        let domain = String(email[email.index(after: at)...])
        identity.email = email
        identity.domain = domain
        switch domains[domain] {
        case true?:
            break
        case false?:
            identity.denial = PolicyError(
                .emailDomainUnverified,
                "The email domain '\(domain)' belongs to this org but is not verified yet; verify it before users can sign in with it.")
        case nil:
            let known = domains.keys.sorted()
            if let parent = known.first(where: { domain.hasSuffix("." + $0) }) {
                result.nearMisses.append(
                    NearMiss(
                        kind: .subdomain, ruleID: nil, received: domain, expected: parent,
                        message: "Email domain '\(domain)' is a subdomain of '\(parent)'; subdomains are separate domains and must be added and verified themselves."))
            }
            identity.denial = PolicyError(
                .emailDomainUnverified,
                "The email domain '\(domain)' is not a verified domain of this org (verified domains: \(known.filter { domains[$0] == true }.joined(separator: ", ")); expected an email at one of them.")
        }
        return identity
    }

    /// Email-domain and attribute rules, with near misses on attribute name and value case.
    func matchDomainAndAttributes(
        _ claims: LoginClaims, domain: String, into result: inout RoleMappingResult,
        matches: inout [(match: RuleMatch, index: Int)]
    ) {
        if let hits = domainRules[domain] { add(hits, value: domain, to: &matches) }
        guard !attributeRules.isEmpty else { return }
        for (name, rules) in attributeRules {
            guard let values = claims.attributes[name] else {
                if let other = claims.attributes.keys.sorted().first(where: { $0.lowercased() == name.lowercased() }) {
                    let message =
                        "Attribute '\(other)' differs only in letter case from '\(name)' used by rule '\(policy.rules[rules[0].index].id)'; attribute names are compared exactly."
                    result.nearMisses.append(
                        NearMiss(kind: .attributeName, ruleID: policy.rules[rules[0].index].id, received: other, expected: name, message: message))
                }
                continue
            }
            for rule in rules {
                if values.contains(rule.value) {
                    add([rule.index], value: "\(name)=\(rule.value)", to: &matches)
                } else if let near = values.first(where: { GroupShape.lowercased($0) == GroupShape.lowercased(rule.value) }) {
                    let id = policy.rules[rule.index].id
                    result.nearMisses.append(
                        NearMiss(
                            kind: .attributeValueCase, ruleID: id, received: near, expected: rule.value,
                            message: "Attribute '\(name)' value '\(near)' differs only in letter case from '\(rule.value)' (rule '\(id)'); values are compared exactly."))
                }
            }
        }
    }

    /// The denial when nothing matched and there is no default role.
    func noMatchDenial(_ claims: LoginClaims, _ result: RoleMappingResult) -> PolicyError {
        if claims.groups == nil, claims.groupsOverage {
            return PolicyError(
                .groupsOverage,
                "The IdP signalled group overage and sent no group names; expected the groups in the assertion/token. Resolve groups through SCIM, or assign fewer groups to the app (Entra: emit only groups assigned to the application).")
        }
        if claims.groups == nil, hasGroupRules {
            return PolicyError(
                .groupsNotSent,
                "The IdP sent no groups claim, and this org's rules need one; add the groups attribute/claim to the IdP's app configuration.")
        }
        let received = (claims.groups ?? []).isEmpty ? "no groups" : "groups [\((claims.groups ?? []).joined(separator: ", "))]"
        let hint = result.nearMisses.first.map { " Nearest miss: \($0.message)" } ?? ""
        return PolicyError(.noRoleMatch, "No rule matched (received \(received)) and the org has no default role.\(hint)")
    }
}
