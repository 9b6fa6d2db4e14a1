import Foundation
import GatehouseSCIM
import GatehouseStore
import Testing

@Suite("IdP request sequences")
struct EntraOktaTests {
    @Test("Entra ID: filter probe, create, capitalised ops, \"False\" strings, replace without path, batched members", arguments: SCIMBackend.enabled)
    func entraSequence(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        // Entra probes with a non-existent userName first.
        let probe = await h.call("GET", "/Users", query: "filter=userName+eq+%22Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1%40contoso.com%22")
        #expect(probe.status == 200)
        #expect(probe.json["totalResults"]?.intValue == 0)
        let created = await h.call("POST", "/Users", json: try fixture("entra-create-user.json"))
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"]?.stringValue)
        // The same filter now finds it, ignoring case.
        let found = await h.call("GET", "/Users", query: "filter=userName eq \"test_user_AB6490EE-1e48-479e-a20b-2d77186b5dd1@contoso.com\"")
        #expect(found.json["totalResults"]?.intValue == 1)
        #expect(found.json["Resources"]?[0]?["id"]?.stringValue == id)
        let byExternal = await h.call("GET", "/Users", query: "filter=externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"")
        #expect(byExternal.json["totalResults"]?.intValue == 1)
        let patched = await h.call("PATCH", "/Users/\(id)", json: try fixture("entra-patch-user.json"))
        #expect(patched.status == 200, "\(patched.text)")
        #expect(patched.json["active"]?.boolValue == false)
        #expect(patched.json["displayName"]?.stringValue == "Updated Display")
        #expect(patched.json["name"]?["givenName"]?.stringValue == "updatedGiven")
        #expect(patched.json["name"]?["familyName"]?.stringValue == "updatedFamilyName")
        #expect(patched.json["emails"]?[0]?["value"]?.stringValue == "updatedEmail@microsoft.com")
        #expect(patched.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["manager"]?["value"]?.stringValue == "MANAGER-ID")
        // Groups: create, then member changes in batches (several add/remove ops in one request).
        var ids: [String] = []
        for n in 0..<5 { ids.append(try await h.createUser("m\(n)@contoso.com")) }
        let g = await h.call("POST", "/Groups", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales","externalId":"grp-1","members":[]}"#)
        #expect(g.status == 201, "\(g.text)")
        let gid = try #require(g.json["id"]?.stringValue)
        let batch = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"Add","path":"members","value":[{"value":"\(ids[0])"},{"value":"\(ids[1])"},{"value":"\(ids[2])"}]},
              {"op":"Add","path":"members","value":[{"value":"\(ids[3])"}]},
              {"op":"Remove","path":"members","value":[{"value":"\(ids[1])"}]},
              {"op":"Remove","path":"members[value eq \\"\(ids[2])\\"]"},
              {"op":"Replace","path":"displayName","value":"Sales EMEA"}
            ]}
            """
        let changed = await h.call("PATCH", "/Groups/\(gid)", json: batch)
        #expect(changed.status == 200, "\(changed.text)")
        #expect(Set(try await h.store.memberIDs(groupID: gid)) == [ids[0], ids[3]])
        #expect(changed.json["displayName"]?.stringValue == "Sales EMEA")
        // Entra checks membership with a filter on the group.
        let check = await h.call("GET", "/Groups", query: "filter=id eq \"\(gid)\" and members[value eq \"\(ids[3])\"]&excludedAttributes=members")
        #expect(check.json["totalResults"]?.intValue == 1)
        #expect(check.json["Resources"]?[0]?["members"] == nil)
        let byName = await h.call("GET", "/Groups", query: "filter=displayName eq \"sales emea\"")
        #expect(byName.json["totalResults"]?.intValue == 1)
        let actions = try await h.auditActions().map(\.action)
        #expect(actions.contains("scim.group.members"))
        #expect(actions.contains("scim.group.rename"))
        #expect(actions.contains("scim.user.deactivate"))
    }

    @Test("Okta: PUT full updates of users and groups, active false via PUT", arguments: SCIMBackend.enabled)
    func oktaSequence(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let create = await h.call("POST", "/Users", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"john.doe@example.com","name":{"givenName":"John","familyName":"Doe"},"emails":[{"primary":true,"value":"john.doe@example.com","type":"work"}],"displayName":"John Doe","active":true,"externalId":"00u1a2b3c4d5e6f7g8h9"}"#)
        #expect(create.status == 201)
        let id = try #require(create.json["id"]?.stringValue)
        let cookie = OpaqueToken.generate()
        _ = try await h.store.createSession(token: cookie, userID: id, organizationID: h.org, now: h.clock.now(), idleTimeout: 600, absoluteTimeout: 6000)
        let put = await h.call("PUT", "/Users/\(id)", json: try fixture("okta-put-user.json"))
        #expect(put.status == 200, "\(put.text)")
        #expect(put.json["id"]?.stringValue == id)
        #expect(put.json["active"]?.boolValue == false)
        #expect(put.json["locale"]?.stringValue == "en-US")
        #expect(try await h.store.activeSession(token: cookie, now: h.clock.now()) == nil)
        // PUT replaces: an attribute left out is gone.
        let put2 = await h.call("PUT", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"john.doe@example.com","active":true,"emails":[{"primary":true,"value":"john.doe@example.com","type":"work"}]}"#)
        #expect(put2.json["locale"] == nil)
        #expect(put2.json["active"]?.boolValue == true)
        // Groups via PUT.
        let other = try await h.createUser("jane@example.com")
        let g = await h.call("POST", "/Groups", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","members":[{"value":"\#(id)","display":"John"}]}"#)
        let gid = try #require(g.json["id"]?.stringValue)
        #expect(g.json["members"]?.count == 1)
        let gput = await h.call("PUT", "/Groups/\(gid)", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"\#(gid)","displayName":"Engineering","members":[{"value":"\#(other)"}]}"#)
        #expect(gput.status == 200, "\(gput.text)")
        #expect(gput.json["displayName"]?.stringValue == "Engineering")
        #expect(try await h.store.memberIDs(groupID: gid) == [other])
        let unknown = await h.call("PUT", "/Groups/\(gid)", json: #"{"displayName":"Engineering","members":[{"value":"no-such-user"}]}"#)
        #expect(unknown.status == 400)
        #expect(try await h.store.memberIDs(groupID: gid) == [other])
        #expect(await h.call("DELETE", "/Groups/\(gid)").status == 204)
        #expect(await h.call("GET", "/Groups/\(gid)").status == 404)
    }

    @Test("group-name rule: violations are refused whole, nothing half-applied", arguments: SCIMBackend.enabled)
    func groupPrefixRule(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend, rule: SCIMGroupNamePrefix("anthropic-"))
        defer { Task { await h.close() } }
        let bad = await h.call("POST", "/Groups", json: #"{"displayName":"engineering"}"#)
        #expect(bad.status == 400)
        #expect(bad.json["scimType"]?.stringValue == "invalidValue")
        #expect(bad.json["detail"]?.stringValue?.contains("'engineering'") == true)
        #expect(bad.json["detail"]?.stringValue?.contains("anthropic-") == true)
        let u = try await h.createUser("u@example.com")
        let g = await h.call("POST", "/Groups", json: #"{"displayName":"anthropic-eng"}"#)
        let gid = try #require(g.json["id"]?.stringValue)
        // Members added and a bad rename in one request: refused, members untouched.
        let r = await h.call("PATCH", "/Groups/\(gid)", json: """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"add","path":"members","value":[{"value":"\(u)"}]},
              {"op":"replace","value":{"displayName":"eng"}}]}
            """)
        #expect(r.status == 400)
        #expect(try await h.store.memberIDs(groupID: gid).isEmpty)
        #expect(try await h.store.group(id: gid)?.displayName == "anthropic-eng")
        #expect(await h.call("PUT", "/Groups/\(gid)", json: #"{"displayName":"eng","members":[]}"#).status == 400)
        #expect(try await h.store.group(id: gid)?.version == 1)
    }

    @Test("PATCH adds 1,000 members in one operation, in one store call", arguments: SCIMBackend.enabled)
    func thousandMembers(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        var ids: [String] = []
        for n in 0..<1000 {
            let id = "u\(n)"
            try await h.store.createUser(DirectoryUser(id: id, organizationID: h.org, userName: "user\(n)@example.com", email: "user\(n)@example.com", createdAt: h.clock.now()))
            ids.append(id)
        }
        let g = await h.call("POST", "/Groups", json: #"{"displayName":"all"}"#)
        let gid = try #require(g.json["id"]?.stringValue)
        let members = ids.map { "{\"value\":\"\($0)\"}" }.joined(separator: ",")
        let start = Date()
        let r = await h.call("PATCH", "/Groups/\(gid)", query: "excludedAttributes=members", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[\#(members)]}]}"#)
        let elapsed = Date().timeIntervalSince(start)
        #expect(r.status == 200, "\(r.text)")
        #expect(try await h.store.memberIDs(groupID: gid).count == 1000)
        print("PATCH +1000 members: \(Int(elapsed * 1000)) ms (debug build)")
        let list = await h.call("GET", "/Groups/\(gid)")
        #expect(list.json["members"]?.count == 1000)
    }
}
