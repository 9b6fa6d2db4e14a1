import Foundation
import GatehouseSCIM
import GatehouseStore
import Testing

@Suite("SCIM service: auth, limits, lists, discovery")
struct ServiceTests {
    @Test(arguments: SCIMBackend.enabled) func authFailuresAre401WithBearerChallenge(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        for headers in [["Authorization": ""], ["Authorization": "Basic abc"], ["Authorization": "Bearer wrong"]] {
            let r = await h.call("GET", "/Users", headers: headers)
            #expect(r.status == 401)
            #expect(r.response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(r.json["schemas"]?[0]?.stringValue == "urn:ietf:params:scim:api:messages:2.0:Error")
            #expect(r.json["status"]?.stringValue == "401")
        }
        // A revoked token stops working at once.
        _ = try await h.store.revokeSCIMToken(id: h.tokenID, at: h.clock.now())
        #expect(await h.call("GET", "/Users").status == 401)
        let failures = try await h.store.auditEvents(organizationID: "", since: Date(timeIntervalSince1970: 0), until: nil, afterSequence: 0, limit: 100)
        #expect(failures.contains { $0.action == "scim.auth.failure" && $0.result == "failure" })
        #expect(!failures.contains { $0.detailsJSON.contains("wrong") })
    }

    @Test(arguments: SCIMBackend.enabled) func rateLimitPerToken(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend, rateLimit: SCIMRateLimit(requestsPerSecond: 2, burst: 3))
        defer { Task { await h.close() } }
        for _ in 0..<3 { #expect(await h.call("GET", "/ServiceProviderConfig").status == 200) }
        let limited = await h.call("GET", "/ServiceProviderConfig")
        #expect(limited.status == 429)
        #expect(limited.response.header("Retry-After") == "1")
        h.clock.advance(1)
        #expect(await h.call("GET", "/ServiceProviderConfig").status == 200)
    }

    @Test(arguments: SCIMBackend.enabled) func bodyAndPatchLimits(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let big = "{\"userName\":\"" + String(repeating: "a", count: 1 << 20) + "\"}"
        #expect(await h.call("POST", "/Users", json: big).status == 413)
        let id = try await h.createUser("f@example.com")
        let ops = (0..<1001).map { _ in #"{"op":"replace","path":"title","value":"x"}"# }.joined(separator: ",")
        let r = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[\#(ops)]}"#)
        #expect(r.status == 400)
        #expect(r.json["scimType"]?.stringValue == "tooMany")
        #expect(await h.call("POST", "/Users", json: "{not json").json["scimType"]?.stringValue == "invalidSyntax")
        let hostile = await h.call("GET", "/Users", query: "filter=" + String(repeating: "(", count: 3000))
        #expect(hostile.status == 400)
        #expect(hostile.json["scimType"]?.stringValue == "invalidFilter")
        #expect(await h.call("POST", "/Bulk", json: "{}").status == 501)
        #expect(await h.call("DELETE", "/Users").status == 405)
    }

    @Test(arguments: SCIMBackend.enabled) func paginationSortingAndProjection(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        for name in ["delta", "Alpha", "charlie", "bravo", "echo"] {
            _ = try await h.createUser("\(name)@example.com", extra: #","title":"\#(name.count)","displayName":"\#(name.uppercased())""#)
            h.clock.advance(1)
        }
        let page = await h.call("GET", "/Users", query: "startIndex=2&count=2&sortBy=userName&sortOrder=descending")
        #expect(page.json["totalResults"]?.intValue == 5)
        #expect(page.json["itemsPerPage"]?.intValue == 2)
        #expect(page.json["startIndex"]?.intValue == 2)
        #expect(page.json["Resources"]?.array.compactMap { $0["userName"]?.stringValue } == ["delta@example.com", "charlie@example.com"])
        let byTitle = await h.call("GET", "/Users", query: "sortBy=title&filter=title pr&count=10")
        #expect(byTitle.json["Resources"]?.array.compactMap { $0["title"]?.stringValue } == ["4", "5", "5", "5", "7"])
        let filtered = await h.call("GET", "/Users", query: "filter=userName sw \"a\" or userName sw \"b\"&sortBy=userName")
        #expect(filtered.json["Resources"]?.array.compactMap { $0["userName"]?.stringValue } == ["Alpha@example.com", "bravo@example.com"])
        let projected = await h.call("GET", "/Users", query: "attributes=userName,name.givenName&count=1")
        let first = try #require(projected.json["Resources"]?[0])
        #expect(first["id"] != nil && first["userName"] != nil)
        #expect(first["emails"] == nil && first["meta"] == nil && first["title"] == nil)
        let excluded = await h.call("GET", "/Users", query: "excludedAttributes=emails,meta&count=1")
        #expect(excluded.json["Resources"]?[0]?["emails"] == nil)
        #expect(excluded.json["Resources"]?[0]?["userName"] != nil)
        let zero = await h.call("GET", "/Users", query: "count=0")
        #expect(zero.json["totalResults"]?.intValue == 5)
        #expect(zero.json["Resources"]?.count == 0)
        let search = await h.call("POST", "/Users/.search", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"displayName eq \"ECHO\"","attributes":["displayName"]}"#)
        #expect(search.json["totalResults"]?.intValue == 1)
        _ = await h.call("POST", "/Groups", json: #"{"displayName":"echo team"}"#)
        let root = await h.call("POST", "/.search", json: #"{"filter":"displayName sw \"ECHO\""}"#)
        #expect(root.status == 200, "\(root.text)")
        #expect(root.json["totalResults"]?.intValue == 2)
        let emailFilter = await h.call("GET", "/Users", query: "filter=emails[type eq \"work\"].value eq \"BRAVO@example.com\"")
        #expect(emailFilter.json["totalResults"]?.intValue == 1)
        let big = await h.call("GET", "/Users", query: "count=5000")
        #expect(big.status == 200)
    }

    @Test(arguments: SCIMBackend.enabled) func discoveryEndpoints(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let spc = await h.call("GET", "/ServiceProviderConfig")
        #expect(spc.json["patch"]?["supported"]?.boolValue == true)
        #expect(spc.json["filter"]?["maxResults"]?.intValue == 1000)
        #expect(spc.json["etag"]?["supported"]?.boolValue == true)
        let types = await h.call("GET", "/ResourceTypes")
        #expect(types.json["totalResults"]?.intValue == 2)
        let user = await h.call("GET", "/ResourceTypes/User")
        #expect(user.json["schemaExtensions"]?[0]?["schema"]?.stringValue == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        let schemas = await h.call("GET", "/Schemas")
        #expect(schemas.json["totalResults"]?.intValue == 3)
        let core = await h.call("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
        let userName = core.json["attributes"]?.array.first { $0["name"]?.stringValue == "userName" }
        #expect(userName?["caseExact"]?.boolValue == false)
        #expect(userName?["uniqueness"]?.stringValue == "server")
    }
}
