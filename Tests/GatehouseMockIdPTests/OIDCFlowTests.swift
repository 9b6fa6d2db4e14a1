import Crypto
import Foundation
import GatehouseMockIdP
import Testing

@Suite struct OIDCFlowTests {
    let idp = TestSupport.idp()
    let verifier = String(repeating: "v", count: 50)
    var challenge: String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func authorizeQuery(_ extra: [String: String] = [:]) -> [String: String] {
        ["client_id": "rp", "redirect_uri": "https://rp.test/cb", "response_type": "code", "scope": "openid email",
         "state": "st-1", "nonce": "n-1", "code_challenge": challenge, "code_challenge_method": "S256"].merging(extra) { $1 }
    }

    func code(_ scenarios: String = "", user: String = "alice") throws -> String {
        guard case .redirect(let url) = try idp.oidcAuthorize(query: authorizeQuery(), userID: user,
                                                              extraScenarios: ScenarioRef.parseList(scenarios) ?? []) else {
            Issue.record("no redirect"); return ""
        }
        return URLComponents(string: url)?.queryItems?.first { $0.name == "code" }?.value ?? ""
    }

    func token(_ code: String, verifier: String? = nil, basic: Bool = true, secret: String = "rp-secret") -> OAuthReply {
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": "https://rp.test/cb", "code_verifier": verifier ?? self.verifier]
        var auth: String?
        if basic { auth = "Basic " + Data("rp:\(secret)".utf8).base64EncodedString() } else { form["client_id"] = "rp"; form["client_secret"] = secret }
        return idp.oidcToken(form: form, authorization: auth)
    }

    func idToken(_ scenarios: String = "") throws -> (header: [String: Any], claims: [String: Any], signature: String) {
        let reply = token(try code(scenarios))
        #expect(reply.status == 200)
        return TestSupport.jwtParts(reply.json?["id_token"] as? String ?? "")
    }

    @Test func codeFlowWithPKCEMintsAnRS256IDToken() throws {
        let t = try idToken()
        #expect(t.header["alg"] as? String == "RS256" && t.header["kid"] as? String == "idp-rsa")
        #expect(t.claims["iss"] as? String == "http://idp.test/oidc/default")
        #expect(t.claims["aud"] as? String == "rp" && t.claims["nonce"] as? String == "n-1")
        #expect(t.claims["sub"] as? String == "alice" && t.claims["email"] as? String == "alice@acme.test")
        #expect(t.claims["exp"] as? Int == 1_800_000_300 && t.claims["iat"] as? Int == 1_800_000_000)
        #expect((t.claims["groups"] as? [String])?.contains("anthropic-engineering") == true)
    }

    @Test func clientSecretPostWorksToo() throws {
        #expect(token(try code(), basic: false).status == 200)
    }

    @Test func badInputGetsOAuthErrors() throws {
        let bad = token(try code(), secret: "wrong")
        #expect(bad.status == 401 && bad.json?["error"] as? String == "invalid_client")
        let pkce = token(try code(), verifier: String(repeating: "w", count: 50))
        #expect(pkce.status == 400 && pkce.json?["error"] as? String == "invalid_grant")
        let c = try code()
        #expect(token(c).status == 200)
        #expect(token(c).json?["error"] as? String == "invalid_grant")  // a code works once
        guard case .errorPage(400, _) = try idp.oidcAuthorize(query: authorizeQuery(["redirect_uri": "https://evil.test/cb"]), userID: "alice") else {
            Issue.record("an unregistered redirect URI must not be redirected to"); return
        }
        guard case .redirect(let url) = try idp.oidcAuthorize(query: authorizeQuery(["code_challenge_method": "plain"]), userID: "alice") else {
            Issue.record("expected an error redirect"); return
        }
        #expect(url.contains("error=invalid_request") && url.contains("state=st-1"))
    }

    @Test func signatureScenarios() throws {
        let none = try idToken("jwt.alg-none")
        #expect(none.header["alg"] as? String == "none" && none.signature.isEmpty)
        #expect(try idToken("jwt.alg-confusion").header["alg"] as? String == "HS256")
        #expect(try idToken("jwks.kid-unknown").header["kid"] as? String == "kid-not-published")
        #expect(try idToken("sign.ecdsa").header["alg"] as? String == "ES256")
        #expect(try idToken("cert.rotated-unannounced").header["kid"] as? String == "idp-rsa-next")
        #expect(try idToken("sign.tampered").claims["sub"] as? String == "tampered-alice")
    }

    @Test func claimAndTimeScenarios() throws {
        #expect(try idToken("email.unverified").claims["email_verified"] as? Bool == false)
        #expect(try idToken("oidc.nonce-mismatch").claims["nonce"] as? String == "nonce-the-rp-never-sent")
        #expect(try idToken("token.expired").claims["exp"] as? Int == 1_799_999_940)
        #expect(try idToken("clock.idp-behind(30)").claims["iat"] as? Int == 1_799_999_970)
        let multi = try idToken("audience.multiple").claims
        #expect(multi["aud"] as? [String] == ["rp", "another-client"] && multi["azp"] as? String == "rp")
        #expect(try idToken("audience.wrong").claims["aud"] as? String == "https://other-sp.example.test/metadata")
        let overage = try idToken("groups.overage").claims
        #expect(overage["groups"] == nil && overage["_claim_names"] != nil)
    }

    @Test func denialScenarios() throws {
        guard case .redirect(let denied) = try idp.oidcAuthorize(query: authorizeQuery(), userID: "alice",
                                                                 extraScenarios: [ScenarioRef(name: "oidc.access-denied")]) else { return }
        #expect(denied.contains("error=access_denied") && !denied.contains("code="))
        let reply = token(try code("oidc.invalid-grant"))
        #expect(reply.status == 400 && reply.json?["error"] as? String == "invalid_grant")
    }

    @Test func userinfoNeedsTheAccessToken() throws {
        let reply = token(try code())
        let access = reply.json?["access_token"] as? String ?? ""
        let info = idp.oidcUserinfo(authorization: "Bearer \(access)")
        #expect(info.status == 200 && info.json?["email"] as? String == "alice@acme.test")
        #expect(idp.oidcUserinfo(authorization: "Bearer nope").status == 401)
    }

    @Test func jwksPublishesScenarioKeys() throws {
        let kids = { () -> [String] in
            ((try? self.idp.oidcJWKS(tenant: "default").reply.json?["keys"] as? [[String: Any]]) ?? []).compactMap { $0["kid"] as? String }
        }
        #expect(kids() == ["idp-rsa", "idp-ec"])
        try idp.scenarios.activate([ScenarioRef(name: "cert.rollover-overlap")], scope: .sticky)
        #expect(kids() == ["idp-rsa", "idp-rsa-next", "idp-ec"])
    }
}
