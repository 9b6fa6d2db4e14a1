import Foundation
import GatehouseGateway
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// SCIM through the gateway's router: deprovisioning ends the user's access at the very next `/auth/check`;
/// reactivation lets them sign in again; the org's group-name rule is enforced with a precise message.
@Suite struct SCIMRouteTests {
    func scim(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/scim+json" }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    @Test func deprovisionRefusesTheNextAuthCheckAndReactivationRestoresLogin() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        let (_, token) = try await h.store.createSCIMToken(organizationID: "example", label: "test", now: GatewayHarness.instant)
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            #expect(try await browser.request("/auth/check").status == .ok)
            // The IdP finds the JIT user by userName and deactivates it (Entra style: capitalised op, "False").
            let found = try await scim(client, .get, "/scim/v2/Users?filter=userName%20eq%20%22alice@example.com%22", token: token)
            let body = String(buffer: found.body)
            #expect(found.status == .ok && body.contains("\"totalResults\":1"))
            let id = try #require(body.range(of: "\"id\":\"").map { String(body[$0.upperBound...].prefix { $0 != "\"" }) })
            let patch = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#
            #expect(try await scim(client, .patch, "/scim/v2/Users/\(id)", token: token, json: patch).status == .ok)
            #expect(try await browser.request("/auth/check").status == .unauthorized)
            #expect(try await h.samlLogin(browser, email: "alice@example.com", user: "alice").status == .forbidden)
            let reactivate = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}"#
            #expect(try await scim(client, .patch, "/scim/v2/Users/\(id)", token: token, json: reactivate).status == .ok)
            #expect(try await h.samlLogin(browser, email: "alice@example.com", user: "alice").status == .seeOther)
            #expect(try await browser.request("/auth/check").status == .ok)
        }
    }

    @Test func groupNameRuleAndAuth() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        let (_, token) = try await h.store.createSCIMToken(organizationID: "example", label: "test", now: GatewayHarness.instant)
        try await h.app.test(.router) { client in
            let bad = try await scim(client, .post, "/scim/v2/Groups", token: token,
                                     json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"engineering"}"#)
            let text = String(buffer: bad.body)
            #expect(bad.status == .badRequest && text.contains("invalidValue") && text.contains("anthropic-"))
            let good = try await scim(client, .post, "/scim/v2/Groups", token: token,
                                      json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"anthropic-engineering"}"#)
            #expect(good.status == .created)
            let denied = try await scim(client, .get, "/scim/v2/Users", token: "wrong-token-value-0123456789")
            #expect(denied.status == .unauthorized && String(buffer: denied.body).contains("urn:ietf:params:scim:api:messages:2.0:Error"))
            let config = try await client.executeRequest(uri: "/scim/v2/ServiceProviderConfig", method: .get,
                                                         headers: [.authorization: "Bearer \(token)"], body: nil)
            #expect(config.status == .ok)
        }
    }
}
