import Foundation
import GatehouseMockIdP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct HTTPEndpointTests {
    let idp = TestSupport.idp()
    var app: some ApplicationProtocol { MockIdPServer.application(idp: idp, port: 0) }

    func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
    }
    let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func metadataAndDiscovery() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/saml/default/metadata", method: .get) { r in
                #expect(r.status == .ok)
                let body = String(buffer: r.body)
                #expect(body.contains("entityID=\"http://idp.test/saml/default\"") && body.contains("TEST ONLY"))
                #expect(body.contains("HTTP-Redirect") && body.contains("HTTP-POST"))
            }
            try await client.execute(uri: "/oidc/okta/.well-known/openid-configuration", method: .get) { r in
                #expect(String(buffer: r.body).contains("\"issuer\":\"http://idp.test/oidc/okta\""))
            }
            try await client.execute(uri: "/oidc/default/jwks", method: .get) { r in
                #expect(String(buffer: r.body).contains("\"kid\":\"idp-rsa\""))
            }
            try await client.execute(uri: "/saml/nope/metadata", method: .get) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test func redirectBindingShowsTheLoginPageThenPostsTheResponse() async throws {
        let xml = AuthnRequest.build(id: "_abc", issuer: TestSupport.sp.entityID, acsURL: TestSupport.sp.acsURL,
                                     destination: "http://idp.test/saml/default/sso", issueInstant: TestSupport.instant)
        let encoded = AuthnRequest.redirectEncode(xml).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await app.test(.router) { client in
            try await client.execute(uri: "/saml/default/sso?SAMLRequest=\(encoded)&RelayState=r1", method: .get) { r in
                #expect(r.status == .ok)
                let page = String(buffer: r.body)
                #expect(page.contains("name=\"user\" value=\"alice\"") && page.contains("sign.wrong-key") && page.contains("TEST ONLY"))
            }
            let submit = form(["SAMLRequest": AuthnRequest.redirectEncode(xml), "binding": "redirect", "RelayState": "r1",
                               "user": "alice", "scenario": "sign.sha1"])
            try await client.execute(uri: "/saml/default/sso", method: .post, headers: formHeaders, body: submit) { r in
                let html = String(buffer: r.body)
                #expect(r.status == .ok && html.contains("action=\"https://sp.test/acs\"") && html.contains("name=\"RelayState\" value=\"r1\""))
                #expect(html.contains("document.forms[0].submit()"))
            }
        }
        #expect(idp.log.query(scenario: "sign.sha1").count == 1)
    }

    @Test func httpPostBindingAndIdPInitiated() async throws {
        let xml = AuthnRequest.build(id: "_post", issuer: TestSupport.sp.entityID, acsURL: TestSupport.sp.acsURL,
                                     destination: "x", issueInstant: TestSupport.instant)
        try await app.test(.router) { client in
            let body = form(["SAMLRequest": Data(xml.utf8).base64EncodedString(), "user": "bob"])
            try await client.execute(uri: "/saml/default/sso", method: .post, headers: formHeaders, body: body) { r in
                #expect(r.status == .ok && String(buffer: r.body).contains("SAMLResponse"))
            }
            let sp = TestSupport.sp.entityID.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/saml/default/idp-initiated?sp=\(sp)&user=alice", method: .get) { r in
                #expect(r.status == .ok && String(buffer: r.body).contains("SAMLResponse"))
            }
        }
    }

    @Test func badSAMLInputIsRefusedNotCrashed() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/saml/default/sso?SAMLRequest=%25%25%25", method: .get) { r in
                #expect(r.status == .badRequest && String(buffer: r.body).contains("mockidp.malformed_request"))
            }
            try await client.execute(uri: "/saml/default/sso", method: .get) { r in #expect(r.status == .badRequest) }
            let foreign = AuthnRequest.build(id: "_f", issuer: "https://unknown.test", acsURL: "https://unknown.test/acs",
                                             destination: "x", issueInstant: TestSupport.instant)
            let enc = AuthnRequest.redirectEncode(foreign).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/saml/default/sso?SAMLRequest=\(enc)", method: .get) { r in
                #expect(r.status == .badRequest && String(buffer: r.body).contains("mockidp.unknown_sp"))
            }
        }
    }

    @Test func oidcOverHTTPWithErrors() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/oidc/default/authorize?client_id=rp&redirect_uri=https%3A%2F%2Fevil.test&response_type=code&scope=openid",
                                     method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/oidc/default/authorize?client_id=rp&redirect_uri=https%3A%2F%2Frp.test%2Fcb&response_type=code&scope=openid",
                                     method: .get) { r in #expect(r.status == .ok && String(buffer: r.body).contains("Pick a user")) }
            let location = try await client.execute(uri: "/oidc/default/authorize", method: .post, headers: formHeaders,
                                                    body: form(["client_id": "rp", "redirect_uri": "https://rp.test/cb", "response_type": "code",
                                                                "scope": "openid", "state": "s", "user": "alice"])) { r in
                #expect(r.status == .found)
                return r.headers[.location] ?? ""
            }
            let code = URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value ?? ""
            var basic = formHeaders
            basic[.authorization] = "Basic " + Data("rp:wrong".utf8).base64EncodedString()
            let tokenBody = form(["grant_type": "authorization_code", "code": code, "redirect_uri": "https://rp.test/cb"])
            try await client.execute(uri: "/oidc/default/token", method: .post, headers: basic, body: tokenBody) { r in
                #expect(r.status == .unauthorized && String(buffer: r.body).contains("invalid_client"))
            }
            basic[.authorization] = "Basic " + Data("rp:rp-secret".utf8).base64EncodedString()
            try await client.execute(uri: "/oidc/default/token", method: .post, headers: basic, body: tokenBody) { r in
                #expect(r.status == .ok && String(buffer: r.body).contains("id_token"))
            }
        }
    }

    @Test func driverAdminAndTransportFaults() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/driver/saml/default/login", method: .post,
                                     body: ByteBuffer(string: #"{"user":"alice","sp":"https://sp.test/metadata","scenario":"sign.none"}"#)) { r in
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) as? [String: Any]
                let xml = String(decoding: Data(base64Encoded: json?["saml_response"] as? String ?? "") ?? Data(), as: UTF8.self)
                #expect(r.status == .ok && xml.contains("<saml:Assertion") && !xml.contains("<ds:Signature"))
            }
            try await client.execute(uri: "/driver/saml/default/login", method: .post, body: ByteBuffer(string: #"{"user":"nobody"}"#)) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/admin/scenarios", method: .post,
                                     body: ByteBuffer(string: #"{"scenario":"jwks.unreachable","scope":"sticky"}"#)) { r in #expect(r.status == .created) }
            try await client.execute(uri: "/oidc/default/jwks", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/saml/default/metadata", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/admin/scenarios", method: .post, body: ByteBuffer(string: #"{"scenario":"no.such"}"#)) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/admin/users/dave", method: .put,
                                     body: ByteBuffer(string: #"{"id":"dave","email":"dave@acme.test","groups":["x"]}"#)) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/admin/users", method: .get) { r in #expect(String(buffer: r.body).contains("dave@acme.test")) }
            try await client.execute(uri: "/admin/log?scenario=jwks.unreachable", method: .get) { r in
                #expect(String(buffer: r.body).contains("oidc.jwks") == false)  // faults answer before the handler logs
            }
            try await client.execute(uri: "/admin/reset", method: .post) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/oidc/default/jwks", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/admin/users", method: .get) { r in #expect(!String(buffer: r.body).contains("dave@acme.test")) }
        }
    }

    @Test func adminTokenIsEnforcedWhenSet() async throws {
        var config = MockIdPConfiguration(publicBaseURL: "http://idp.test", adminToken: "t0k")
        config.seed = 1
        let guarded = MockIdP(configuration: config, keys: TestSupport.keys)
        try await MockIdPServer.application(idp: guarded, port: 0).test(.router) { client in
            try await client.execute(uri: "/admin/users", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/admin/users", method: .get, headers: [.authorization: "Bearer t0k"]) { r in #expect(r.status == .ok) }
        }
    }
}
