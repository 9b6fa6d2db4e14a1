import Foundation
import GatehouseCore
import Synchronization
import Crypto

extension MockIdP {
    /// The authorization endpoint: validates the request as a real OP does, logs `userID` in, returns the redirect.
    public func oidcAuthorize(tenant: String = "default", query: [String: String], userID: String,
                              extraScenarios: [ScenarioRef] = []) throws -> AuthorizeOutcome {
        let profile = try profile(tenant)
        try ScenarioEngine.validate(extraScenarios)
        let path = "/oidc/\(tenant)/authorize"
        func fail(_ m: String) -> AuthorizeOutcome {
            log.record(clock.now(), "GET", path, kind: "oidc.authorize", tenant: tenant, user: userID, scenarios: extraScenarios, outcome: "400 \(m)")
            return .errorPage(status: 400, message: m)
        }
        guard let clientID = query["client_id"], let client = configuration.clients.first(where: { $0.clientID == clientID }) else {
            return fail("unknown client_id \(query["client_id"] ?? "(none)")")
        }
        guard let redirectURI = query["redirect_uri"], client.redirectURIs.contains(redirectURI) else {
            return fail("redirect_uri \(query["redirect_uri"] ?? "(none)") is not registered for \(clientID); registered: \(client.redirectURIs.joined(separator: ", "))")
        }
        func redirect(_ params: [(String, String?)]) -> AuthorizeOutcome {
            var c = URLComponents(string: redirectURI)!
            c.queryItems = (c.queryItems ?? []) + params.compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
            return .redirect(c.string ?? redirectURI)
        }
        let state = query["state"]
        func oauthError(_ e: String, _ d: String, _ refs: [ScenarioRef] = extraScenarios, stateOverride: String? = nil) -> AuthorizeOutcome {
            log.record(clock.now(), "GET", path, kind: "oidc.authorize", tenant: tenant, user: userID, scenarios: refs, outcome: "redirect error=\(e)")
            return redirect([("error", e), ("error_description", d), ("state", stateOverride ?? state)])
        }
        guard query["response_type"] == "code" else {
            return oauthError("unsupported_response_type", "only response_type=code is supported")
        }
        guard (query["scope"] ?? "").split(separator: " ").contains("openid") else {
            return oauthError("invalid_scope", "scope must include openid")
        }
        if let method = query["code_challenge_method"], method != "S256" {
            return oauthError("invalid_request", "code_challenge_method \(method) is not supported; use S256")
        }
        if query["code_challenge_method"] != nil, query["code_challenge"] == nil {
            return oauthError("invalid_request", "code_challenge_method without code_challenge")
        }
        guard let user = directory.user(userID) else { return oauthError("access_denied", "no such user") }
        let refs = scenarios.consume(forUser: user.id) + extraScenarios
        var plan = LoginPlan(user: user, issuer: oidcIssuer(tenant), audience: clientID, acsURL: redirectURI, profile: profile)
        plan.nonce = query["nonce"]
        plan.state = state
        ScenarioEngine.apply(refs, to: &plan)
        switch plan.denial {
        case .accessDenied?, .requestDenied?, .authnFailed?, .errorPage?:
            return oauthError("access_denied", "the user is \(plan.user.state.rawValue) or not assigned to this application", refs, stateOverride: plan.state)
        case .loginRequired?:
            return oauthError("login_required", "interactive login required", refs, stateOverride: plan.state)
        case .invalidGrant?, nil:
            break
        }
        let code = ids.next(prefix: "code_")
        let now = clock.now()
        oidcState.withLock {
            // Bounded memory: drop expired and used codes once many have piled up.
            if $0.codes.count > 10_000 { $0.codes = $0.codes.filter { !$0.value.used && $0.value.expires > now } }
            if $0.accessTokens.count > 10_000 { $0.accessTokens.removeAll() }
            $0.codes[code] = .init(tenant: tenant, clientID: clientID, redirectURI: redirectURI, codeChallenge: query["code_challenge"],
                                   plan: plan, scenarios: refs, expires: now.addingTimeInterval(120))
        }
        log.record(now, "GET", path, kind: "oidc.authorize", tenant: tenant, user: user.id, scenarios: refs, outcome: "redirect code")
        return redirect([("code", code), ("state", plan.state)])
    }

    /// The token endpoint (`authorization_code` grant; client_secret_basic or client_secret_post; PKCE S256).
    public func oidcToken(tenant: String = "default", form: [String: String], authorization: String?) -> OAuthReply {
        let path = "/oidc/\(tenant)/token"
        func fail(_ status: Int, _ e: String, _ d: String, user: String? = nil, refs: [ScenarioRef] = [], headers: [String: String] = [:]) -> OAuthReply {
            log.record(clock.now(), "POST", path, kind: "oidc.token", tenant: tenant, user: user, scenarios: refs, outcome: "\(status) \(e)")
            return .error(status, e, d, headers: headers)
        }
        // Client authentication.
        var clientID = form["client_id"], secret = form["client_secret"]
        if let auth = authorization, auth.lowercased().hasPrefix("basic ") {
            guard let decoded = Data(base64Encoded: String(auth.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else {
                return fail(401, "invalid_client", "malformed Basic authorization", headers: ["WWW-Authenticate": "Basic realm=\"mock-idp\""])
            }
            clientID = String(text[..<colon]).removingPercentEncoding
            secret = String(text[text.index(after: colon)...]).removingPercentEncoding
        }
        guard let id = clientID, let client = configuration.clients.first(where: { $0.clientID == id }),
              let given = secret, Data(given.utf8).count == Data(client.clientSecret.utf8).count,
              zip(Data(given.utf8), Data(client.clientSecret.utf8)).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return fail(401, "invalid_client", "client authentication failed (client_secret_basic or client_secret_post)",
                        headers: ["WWW-Authenticate": "Basic realm=\"mock-idp\""])
        }
        guard form["grant_type"] == "authorization_code" else {
            return fail(400, "unsupported_grant_type", "only authorization_code is supported")
        }
        guard let code = form["code"] else { return fail(400, "invalid_request", "code is missing") }
        let now = clock.now()
        let pending: OIDCState.PendingCode? = oidcState.withLock { s in
            guard var p = s.codes[code] else { return nil }
            let first = !p.used
            p.used = true
            s.codes[code] = p
            return first ? p : nil
        }
        guard let p = pending, p.tenant == tenant, p.expires > now else {
            return fail(400, "invalid_grant", "the code is unknown, expired or already used")
        }
        guard p.clientID == id else { return fail(400, "invalid_grant", "the code was issued to another client") }
        guard form["redirect_uri"] == p.redirectURI else {
            return fail(400, "invalid_grant", "redirect_uri differs from the authorization request's")
        }
        if let challenge = p.codeChallenge {
            guard let verifier = form["code_verifier"], (43...128).contains(verifier.count),
                  Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8)))) == challenge else {
                return fail(400, "invalid_grant", "PKCE verification failed: code_verifier does not match code_challenge (S256)",
                            user: p.plan.user.id, refs: p.scenarios)
            }
        }
        if p.plan.denial == .invalidGrant {
            return fail(400, "invalid_grant", "the grant was revoked at the IdP", user: p.plan.user.id, refs: p.scenarios)
        }
        do {
            let claims = idTokenClaims(p.plan, profile: configuration.tenants[tenant] ?? .generic, now: now)
            let idToken = try JWTMinter.mint(claims: claims, plan: p.plan, keys: keys)
            let access = ids.next(prefix: "at_")
            var info = claims
            for k in ["iss", "aud", "exp", "iat", "nonce", "auth_time", "azp"] { info.removeValue(forKey: k) }
            let infoData = (try? JSONSerialization.data(withJSONObject: info, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            oidcState.withLock { $0.accessTokens[access] = (tenant, infoData) }
            log.record(now, "POST", path, kind: "oidc.token", tenant: tenant, user: p.plan.user.id, scenarios: p.scenarios,
                       outcome: "200 id_token alg=\(p.plan.jwtAlgorithm.rawValue) key=\(p.plan.signingKey)")
            return .ok(["access_token": access, "token_type": "Bearer", "expires_in": 3600, "id_token": idToken, "scope": "openid email profile"])
        } catch {
            return fail(500, "server_error", "\(error)")
        }
    }

    /// The userinfo endpoint (Bearer access token).
    public func oidcUserinfo(tenant: String = "default", authorization: String?) -> OAuthReply {
        guard let auth = authorization, auth.lowercased().hasPrefix("bearer "),
              let entry = oidcState.withLock({ $0.accessTokens[String(auth.dropFirst(7))] }), entry.tenant == tenant else {
            return .error(401, "invalid_token", "missing or unknown access token", headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""])
        }
        return OAuthReply(status: 200, body: entry.userinfo)
    }

    func idTokenClaims(_ plan: LoginPlan, profile: VendorProfile, now: Date) -> [String: any Sendable] {
        let iat = Int(now.addingTimeInterval(plan.clockOffset).timeIntervalSince1970)
        var c: [String: any Sendable] = ["iss": plan.issuer, "iat": iat, "auth_time": iat, "exp": iat + Int(plan.lifetime)]
        c["sub"] = plan.subject == (plan.user.email ?? plan.user.id) ? plan.user.id : plan.subject
        if let auds = plan.audiences {
            if auds.count == 1 { c["aud"] = auds[0] } else { c["aud"] = auds; c["azp"] = auds[0] }
        }
        if let n = plan.nonce { c["nonce"] = n }
        if let e = plan.email { c["email"] = e; c["email_verified"] = plan.emailVerified }
        if let n = plan.user.name { c["name"] = n }
        if let g = plan.user.givenName { c["given_name"] = g }
        if let f = plan.user.familyName { c["family_name"] = f }
        if profile.oidcHostedDomainClaim, let e = plan.email, let d = e.split(separator: "@").last { c["hd"] = String(d) }
        if plan.groupsOverage {
            c["_claim_names"] = ["groups": "src1"]
            c["_claim_sources"] = ["src1": ["endpoint": "https://graph.microsoft.com/v1.0/users/\(VendorProfile.objectID(of: plan.user.id))/getMemberObjects"]]
        } else if let groups = plan.groups {
            let values = plan.groupsAsIDs ? groups.map(VendorProfile.objectID(of:)) : groups
            c[plan.groupsName ?? "groups"] = plan.groupsJoined ? [values.joined(separator: ",")] : values
        }
        return c
    }

    /// OpenID discovery document for `tenant`.
    public func oidcDiscovery(tenant: String) throws -> (plan: LoginPlan, reply: OAuthReply) {
        _ = try profile(tenant)
        let (plan, refs) = standingPlan(tenant: tenant)
        let iss = oidcIssuer(tenant)
        log.record(clock.now(), "GET", "/oidc/\(tenant)/.well-known/openid-configuration", kind: "oidc.discovery", tenant: tenant,
                   user: nil, scenarios: refs, outcome: "200")
        return (plan, .ok([
            "issuer": plan.issuer == samlEntityID(tenant) ? iss : plan.issuer,
            "authorization_endpoint": "\(iss)/authorize", "token_endpoint": "\(iss)/token",
            "userinfo_endpoint": "\(iss)/userinfo", "jwks_uri": "\(iss)/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"], "grant_types_supported": ["authorization_code"],
            "scopes_supported": ["openid", "email", "profile", "groups"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name", "groups"],
            "x_gatehouse_test_only": "TEST ONLY mock IdP; its keys are public (NOT FOR PRODUCTION)",
        ]))
    }

    /// The JWKS: published keys (scenarios decide which RSA keys), plus idp-ec for ES256.
    public func oidcJWKS(tenant: String) throws -> (plan: LoginPlan, reply: OAuthReply) {
        _ = try profile(tenant)
        let (plan, refs) = standingPlan(tenant: tenant)
        var names = plan.publishedKeys
        if !names.contains("idp-ec"), keys.keys["idp-ec"] != nil { names.append("idp-ec") }
        let jwks = names.compactMap { try? keys.keys[$0]?.jwk() }
        log.record(clock.now(), "GET", "/oidc/\(tenant)/jwks", kind: "oidc.jwks", tenant: tenant, user: nil, scenarios: refs,
                   outcome: "keys=\(names.joined(separator: ","))")
        return (plan, .ok(["keys": jwks]))
    }
}
