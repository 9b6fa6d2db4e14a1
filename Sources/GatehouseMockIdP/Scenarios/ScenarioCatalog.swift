/// Every scenario the mock knows, from `../shared/notes/mock-idp-scenarios.md`.
public enum ScenarioCatalog {
    public static func named(_ name: String) -> Scenario? { byName[name] }
    public static let byName: [String: Scenario] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static let all: [Scenario] = claims + signatures + time + audience + denials + availability + lifecycle

    static let claims: [Scenario] = [
        Scenario("groups.prefix-missing", .both, .claims, "groups without their prefix: `engineering` for `anthropic-engineering`",
                 expect: "policy.no_role_match") { p, _ in
            p.groups = p.groups?.map { g in g.split(separator: "-", maxSplits: 1).count == 2 ? String(g.split(separator: "-", maxSplits: 1)[1]) : g }
        },
        Scenario("groups.case-mismatch", .both, .claims, "groups in Title-Case: `Anthropic-Engineering`",
                 expect: "policy.no_role_match") { p, _ in
            p.groups = p.groups?.map { $0.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-") }
        },
        Scenario("groups.absent", .both, .claims, "no groups attribute/claim at all", expect: "policy.groups_not_sent") { p, _ in
            p.groups = nil
        },
        Scenario("groups.empty", .both, .claims, "a groups attribute/claim with no values", expect: "policy.no_role_match") { p, _ in
            p.groups = []
        },
        Scenario("groups.attr-renamed", .saml, .claims, "groups sent as `memberOf` instead of `groups`",
                 expect: "policy.groups_not_sent (hint: groups found under memberOf)") { p, _ in
            p.groupsName = "memberOf"
        },
        Scenario("groups.as-ids", .both, .claims, "groups as Entra-style object IDs (GUIDs)",
                 expect: "policy.no_role_match (hint: look like object IDs)") { p, _ in
            p.groupsAsIDs = true
        },
        Scenario("groups.overage", .both, .claims, "Entra overage: a link to Graph instead of the groups",
                 expect: "policy.groups_overage") { p, _ in
            p.groupsOverage = true
        },
        Scenario("groups.joined-string", .both, .claims, "all groups as one comma-joined value", expect: "policy.no_role_match (flagged)") { p, _ in
            p.groupsJoined = true
        },
        Scenario("email.missing", .both, .claims, "no email; opaque persistent NameID/sub", expect: "policy.email_missing") { p, _ in
            p.email = nil
            p.subject = VendorProfile.objectID(of: p.user.id)
            p.nameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
        },
        Scenario("email.unverified", .oidc, .claims, "`email_verified: false`", expect: "oidc.email_unverified") { p, _ in
            p.emailVerified = false
        },
        Scenario("email.foreign-domain", .both, .claims, "email at an unverified domain (`evil.test`)",
                 expect: "policy.email_domain_unverified") { p, _ in
            let local = (p.email ?? p.user.id).split(separator: "@").first.map(String.init) ?? p.user.id
            p.email = "\(local)@evil.test"
            if p.nameIDFormat.hasSuffix("emailAddress") { p.subject = "\(local)@evil.test" }
        },
        Scenario("email.case-changed", .both, .claims, "email in mixed case: `Alice@Acme.test`", expect: "none (same account)") { p, _ in
            p.email = p.email.map { e in e.split(separator: "@").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "@") }
        },
        Scenario("subject.transient", .saml, .claims, "a new transient NameID on each login", expect: "saml.unstable_subject (warning)") { p, _ in
            p.nameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
            p.subject = "_transient-\(UInt64.random(in: 0 ... .max))"
        },
        Scenario("subject.changed", .both, .claims, "a new subject, same email", expect: "conflict flow; no account takeover") { p, _ in
            p.subject = "changed-\(p.subject)"
            p.nameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
        },
        Scenario("attributes.none", .saml, .claims, "an empty AttributeStatement", expect: "policy.attributes_missing") { p, _ in
            p.attributesNone = true
        },
    ]

    static let signatures: [Scenario] = [
        Scenario("sign.none", .saml, .sign, "nothing signed", expect: "saml.signature_missing") { p, _ in p.signMode = .none },
        Scenario("sign.response-only", .saml, .sign, "only the Response signed",
                 expect: "per connection SignatureRequirement (assertion required: saml.signature_missing)") { p, _ in p.signMode = .response },
        Scenario("sign.assertion-only", .saml, .sign, "only the Assertion signed", expect: "none (accepted)") { p, _ in p.signMode = .assertion },
        Scenario("sign.both", .saml, .sign, "Response and Assertion signed (the default)", expect: "none (accepted)") { p, _ in p.signMode = .both },
        Scenario("sign.rsa-sha512", .saml, .sign, "RSA-SHA512 signatures", expect: "none (accepted)") { p, _ in p.samlAlgorithm = .rsaSHA512 },
        Scenario("sign.ecdsa", .both, .sign, "ECDSA P-256 (SAML ecdsa-sha256, OIDC ES256) with idp-ec, which is published",
                 expect: "none (accepted)") { p, _ in
            p.samlAlgorithm = .ecdsaSHA256; p.jwtAlgorithm = .es256; p.signingKey = "idp-ec"
            if !p.publishedKeys.contains("idp-ec") { p.publishedKeys.append("idp-ec") }
        },
        Scenario("sign.wrong-key", .both, .sign, "a valid signature by attacker-rsa, a key never published",
                 expect: "saml.untrusted_key / oidc.untrusted_key") { p, _ in p.signingKey = "attacker-rsa" },
        Scenario("sign.tampered", .both, .sign, "a signed value changed after signing", expect: "saml.signature_invalid / oidc.signature_invalid") { p, _ in
            p.tamper = true
        },
        Scenario("sign.sha1", .saml, .sign, "RSA-SHA1 signature with SHA-1 digests", expect: "saml.weak_algorithm") { p, _ in p.samlAlgorithm = .rsaSHA1 },
        Scenario("jwt.alg-none", .oidc, .sign, "ID token with `alg: none` and no signature", expect: "oidc.alg_not_allowed") { p, _ in p.jwtAlgorithm = .none },
        Scenario("jwt.alg-confusion", .oidc, .sign, "HS256 keyed with the RSA public key PEM", expect: "oidc.alg_not_allowed") { p, _ in
            p.jwtAlgorithm = .hs256WithPublicKey
        },
        Scenario("jwks.kid-unknown", .oidc, .sign, "`kid` not in the JWKS (signature by the published key)",
                 expect: "oidc.untrusted_key (after one refetch)") { p, _ in p.jwtKid = "kid-not-published" },
        Scenario("cert.expired", .saml, .sign, "signs with idp-rsa-expired (certificate expired 2021), which is published",
                 expect: "per policy: accept with admin warning, or saml.untrusted_key; never silent") { p, _ in
            p.signingKey = "idp-rsa-expired"; p.publishedKeys = ["idp-rsa-expired"]
        },
        Scenario("cert.not-yet-valid", .saml, .sign, "signs with idp-rsa-future (certificate valid only from 2040), which is published",
                 expect: "saml.untrusted_key (certificate not yet valid), or accepted with an admin warning; never silent") { p, _ in
            p.signingKey = "idp-rsa-future"; p.publishedKeys = ["idp-rsa-future"]
        },
        Scenario("cert.rotated-unannounced", .both, .sign, "signs with idp-rsa-next while only idp-rsa is published",
                 expect: "saml.untrusted_key / oidc.untrusted_key (new cert seen)") { p, _ in
            p.signingKey = "idp-rsa-next"; p.publishedKeys = ["idp-rsa"]
        },
        Scenario("cert.rollover-overlap", .both, .sign, "publishes idp-rsa and idp-rsa-next, signs with idp-rsa-next",
                 expect: "none (accepted)") { p, _ in
            p.signingKey = "idp-rsa-next"; p.publishedKeys = ["idp-rsa", "idp-rsa-next"]
        },
        Scenario("cert.old-withdrawn-early", .both, .sign, "publishes only idp-rsa-next but still signs with idp-rsa",
                 expect: "saml.untrusted_key / oidc.untrusted_key") { p, _ in
            p.signingKey = "idp-rsa"; p.publishedKeys = ["idp-rsa-next"]
        },
        Scenario("encrypt.assertion", .saml, .sign, "EncryptedAssertion to sp-rsa (RSA-OAEP + AES-256-GCM)", expect: "none (accepted)") { p, _ in
            p.encrypt = true
        },
        Scenario("encrypt.wrong-sp-cert", .saml, .sign, "EncryptedAssertion to the old SP certificate sp-rsa-old",
                 expect: "saml.decrypt_failed") { p, _ in
            p.encrypt = true; p.encryptionCertKey = "sp-rsa-old"
        },
    ]
}
