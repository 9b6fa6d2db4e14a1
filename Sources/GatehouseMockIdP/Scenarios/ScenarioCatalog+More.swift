extension ScenarioCatalog {
    static let time: [Scenario] = [
        Scenario("clock.idp-ahead", .both, .build, "IdP clock ahead by N s (default 600)",
                 expect: "saml.not_yet_valid / oidc.not_yet_valid beyond the allowed skew", parameter: 600) { p, n in p.clockOffset += n },
        Scenario("clock.idp-behind", .both, .build, "IdP clock behind by N s (default 600)",
                 expect: "saml.expired / oidc.expired beyond the allowed skew", parameter: 600) { p, n in p.clockOffset -= n },
        Scenario("assertion.expired", .saml, .build, "NotOnOrAfter already past (lifetime -60 s)", expect: "saml.expired") { p, _ in p.lifetime = -60 },
        Scenario("token.expired", .oidc, .build, "`exp` already past (lifetime -60 s)", expect: "oidc.expired") { p, _ in p.lifetime = -60 },
        Scenario("assertion.overlong", .both, .build, "assertion/token valid for N s (default 3 days)",
                 expect: "session capped, warning", parameter: 259_200) { p, n in p.lifetime = n },
        Scenario("session.short", .saml, .build, "SessionNotOnOrAfter in N s (default 60)", expect: "session ends then",
                 parameter: 60) { p, n in p.sessionLifetime = n },
    ]

    static let audience: [Scenario] = [
        Scenario("audience.wrong", .both, .build, "Audience/`aud` of another SP", expect: "saml.audience_mismatch / oidc.audience_mismatch") { p, _ in
            p.audiences = ["https://other-sp.example.test/metadata"]
        },
        Scenario("audience.missing", .both, .build, "no AudienceRestriction / no `aud`", expect: "saml.audience_mismatch / oidc.audience_mismatch") { p, _ in
            p.audiences = nil
        },
        Scenario("audience.multiple", .oidc, .build, "several `aud` values plus `azp`", expect: "none (accepted when ours is listed)") { p, _ in
            p.audiences = (p.audiences ?? []) + ["another-client"]
        },
        Scenario("recipient.wrong", .saml, .build, "SubjectConfirmationData Recipient of another ACS", expect: "saml.recipient_mismatch") { p, _ in
            p.recipient = "https://other-sp.example.test/acs"
        },
        Scenario("destination.wrong", .saml, .build, "Response Destination of another ACS", expect: "saml.destination_mismatch") { p, _ in
            p.destination = "https://other-sp.example.test/acs"
        },
        Scenario("issuer.wrong", .both, .build, "another Issuer/`iss`", expect: "saml.issuer_mismatch / oidc.issuer_mismatch") { p, _ in
            p.issuer = "https://other-idp.example.test"
        },
        Scenario("issuer.trailing-slash", .both, .build, "the Issuer/`iss` with a trailing slash added",
                 expect: "saml.issuer_mismatch / oidc.issuer_mismatch") { p, _ in
            p.issuer += "/"
        },
        Scenario("inresponseto.mismatch", .saml, .build, "InResponseTo of a request the SP never sent", expect: "saml.in_response_to_mismatch") { p, _ in
            p.inResponseTo = "_00000000000000000000000000000000deadbeef"
        },
        Scenario("inresponseto.absent", .saml, .build, "no InResponseTo (unsolicited)", expect: "saml.unsolicited_response (unless IdP-initiated allowed)") { p, _ in
            p.inResponseTo = nil
        },
        Scenario("oidc.nonce-mismatch", .oidc, .build, "ID token `nonce` differs from the request's", expect: "oidc.nonce_mismatch") { p, _ in
            p.nonce = "nonce-the-rp-never-sent"
        },
        Scenario("oidc.state-mismatch", .oidc, .bind, "redirect carries another `state`", expect: "oidc.state_mismatch") { p, _ in
            p.state = "state-the-rp-never-sent"
        },
        Scenario("replay.same-response", .saml, .bind, "posts the previous response for this SP again (new login not built)",
                 expect: "saml.replay") { p, _ in p.replayPrevious = true },
        Scenario("relaystate.tampered", .saml, .bind, "RelayState replaced by an external URL", expect: "default landing; no open redirect") { p, _ in
            p.relayState = "https://evil.test/phish"
        },
    ]

    static let denials: [Scenario] = [
        Scenario("status.request-denied", .saml, .directory, "Status Responder/RequestDenied, no assertion", expect: "saml.idp_denied") { p, _ in
            p.denial = .requestDenied
        },
        Scenario("status.authn-failed", .saml, .directory, "Status Responder/AuthnFailed, no assertion", expect: "saml.idp_authn_failed") { p, _ in
            p.denial = .authnFailed
        },
        Scenario("oidc.access-denied", .oidc, .directory, "authorization redirect with error=access_denied", expect: "oidc.idp_denied") { p, _ in
            p.denial = .accessDenied
        },
        Scenario("oidc.invalid-grant", .oidc, .directory, "token endpoint answers 400 invalid_grant", expect: "oidc.token_exchange_failed") { p, _ in
            p.denial = .invalidGrant
        },
        Scenario("oidc.login-required", .oidc, .directory, "authorization redirect with error=login_required", expect: "interactive login") { p, _ in
            p.denial = .loginRequired
        },
        Scenario("vendor.google-app-not-configured", .saml, .directory, "an IdP error page that never returns to the SP",
                 expect: "pending login expires; hint: IdP admin must assign the app") { p, _ in
            p.denial = .errorPage
        },
    ]

    static let availability: [Scenario] = [
        Scenario("idp.down", .both, .transport, "every IdP endpoint closes the connection without answering",
                 expect: "oidc.idp_unavailable; SAML: the browser cannot reach the IdP (login never returns)") { p, _ in p.dropConnection = true },
        Scenario("idp.5xx", .both, .transport, "every IdP endpoint answers 503", expect: "oidc.idp_unavailable") { p, _ in p.httpStatus = 503 },
        Scenario("idp.slow", .both, .transport, "every IdP endpoint waits N s (default 5) first",
                 expect: "oidc.idp_unavailable when over the time budget", parameter: 5) { p, n in p.delaySeconds = min(max(n, 0), 120) },
        Scenario("idp.flapping", .both, .transport, "each request fails with 503 with probability N % (default 50; seeded)",
                 expect: "bounded retries, then oidc.idp_unavailable", parameter: 50) { p, n in p.flapProbability = min(max(n, 0), 100) / 100 },
        Scenario("metadata.entityid-changed", .saml, .transport, "metadata (and responses) carry another entityID",
                 expect: "quarantine the refreshed metadata, alert; saml.issuer_mismatch on logins") { p, _ in
            p.issuer += "/changed"
        },
        Scenario("discovery.issuer-mismatch", .oidc, .transport, "discovery (and tokens) carry another `issuer`",
                 expect: "quarantine the refreshed discovery, alert; oidc.issuer_mismatch on logins") { p, _ in
            p.issuer = "https://other-idp.example.test"
        },
        Scenario("metadata.unreachable", .saml, .transport, "SAML metadata answers 404", expect: "keep last-known-good metadata, alert") { p, _ in
            p.httpStatus = 404; p.faultEndpoint = "metadata"
        },
        Scenario("metadata.malformed", .saml, .transport, "SAML metadata is not well-formed XML", expect: "keep last-known-good metadata, alert") { p, _ in
            p.malformedBody = true; p.faultEndpoint = "metadata"
        },
        Scenario("jwks.unreachable", .oidc, .transport, "JWKS and discovery answer 404", expect: "keep last-known-good keys, alert") { p, _ in
            p.httpStatus = 404; p.faultEndpoint = "jwks"
        },
        Scenario("jwks.malformed", .oidc, .transport, "JWKS and discovery are not valid JSON", expect: "keep last-known-good keys, alert") { p, _ in
            p.malformedBody = true; p.faultEndpoint = "jwks"
        },
    ]

    static let lifecycle: [Scenario] = [
        Scenario("user.removed", .both, .directory, "the user is deleted at the IdP: RequestDenied / access_denied",
                 expect: "saml.idp_denied / oidc.idp_denied (audit: removed)") { p, _ in
            p.user.state = .deleted; p.denial = .requestDenied
        },
        Scenario("user.suspended", .both, .directory, "the user is suspended: RequestDenied / access_denied",
                 expect: "saml.idp_denied / oidc.idp_denied (audit: suspended)") { p, _ in
            p.user.state = .suspended; p.denial = .requestDenied
        },
        Scenario("user.unassigned", .both, .directory, "the user is not assigned to the app: RequestDenied / access_denied",
                 expect: "saml.idp_denied / oidc.idp_denied (audit: unassigned)") { p, _ in
            p.user.state = .unassigned; p.denial = .requestDenied
        },
        Scenario("user.removed-from-group", .both, .claims, "login works but the user's first group is gone",
                 expect: "downgrade or deny; audit: lost group") { p, _ in
            if var g = p.groups, !g.isEmpty { g.removeFirst(); p.groups = g }
        },
        Scenario("user.email-renamed", .both, .claims, "a new email, same subject", expect: "keep account, update email") { p, _ in
            let local = (p.email ?? p.user.id).split(separator: "@").first.map(String.init) ?? p.user.id
            let domain = (p.email ?? "x@acme.test").split(separator: "@").last.map(String.init) ?? "acme.test"
            p.email = "\(local).renamed@\(domain)"
        },
    ]
}
