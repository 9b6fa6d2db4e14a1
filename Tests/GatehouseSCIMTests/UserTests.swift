import Foundation
import GatehouseSCIM
import GatehouseStore
import Testing

@Suite("SCIM Users")
struct UserTests {
    @Test(arguments: SCIMBackend.enabled) func createGetAndMeta(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let r = await h.call("POST", "/Users", json: """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "UserName":"bjensen@example.com","externalId":"E-1","name":{"givenName":"Barbara","familyName":"Jensen"},
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],"password":"not-stored",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tours","manager":{"value":"m-1"}}}
            """)
        #expect(r.status == 201, "\(r.text)")
        let id = try #require(r.json["id"]?.stringValue)
        #expect(r.response.header("Location") == "https://sso.example.com/scim/v2/Users/\(id)")
        #expect(r.response.header("ETag") == "W/\"1\"")
        #expect(r.response.header("Content-Type")?.hasPrefix("application/scim+json") == true)
        #expect(r.json["userName"]?.stringValue == "bjensen@example.com")
        #expect(r.json["displayName"] == nil || r.json["displayName"]?.stringValue == "Barbara Jensen")
        #expect(r.json["password"] == nil)
        #expect(r.json["meta"]?["resourceType"]?.stringValue == "User")
        #expect(r.json["meta"]?["version"]?.stringValue == "W/\"1\"")
        #expect(r.json["meta"]?["location"]?.stringValue == "https://sso.example.com/scim/v2/Users/\(id)")
        #expect(r.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["department"]?.stringValue == "Tours")
        let g = await h.call("GET", "/Users/\(id)")
        #expect(g.status == 200)
        #expect(g.json["name"]?["givenName"]?.stringValue == "Barbara")
        let stored = try #require(try await h.store.user(id: id))
        #expect(stored.source == "scim")
        #expect(stored.displayName == "Barbara Jensen")
        #expect(!stored.attributesJSON.contains("not-stored"))
        #expect(await h.call("GET", "/Users/nope").status == 404)
        // Duplicate userName among SCIM users (case-insensitive) → 409 uniqueness.
        let dup = await h.call("POST", "/Users", json: #"{"userName":"BJENSEN@example.com"}"#)
        #expect(dup.status == 409)
        #expect(dup.json["scimType"]?.stringValue == "uniqueness")
        #expect(dup.json["schemas"]?[0]?.stringValue == "urn:ietf:params:scim:api:messages:2.0:Error")
        #expect(dup.json["status"]?.stringValue == "409")
    }

    @Test(arguments: SCIMBackend.enabled) func jitUserIsAdoptedNotDuplicated(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let jit = DirectoryUser(id: "jit-1", organizationID: h.org, userName: "alice@example.com", email: "alice@example.com",
                                displayName: "Alice", role: "admin", source: "jit", createdAt: h.clock.now())
        try await h.store.createUser(jit)
        let r = await h.call("POST", "/Users", json: #"{"userName":"Alice@Example.com","externalId":"okta-1","emails":[{"value":"alice@example.com","primary":true}]}"#)
        #expect(r.status == 201, "\(r.text)")
        #expect(r.json["id"]?.stringValue == "jit-1")
        let u = try #require(try await h.store.user(id: "jit-1"))
        #expect(u.source == "scim")
        #expect(u.externalID == "okta-1")
        #expect(u.role == "admin")
        #expect(try await h.store.countUsers(organizationID: h.org, activeOnly: false) == 1)
        #expect(try await h.auditActions().contains { $0.action == "scim.user.adopt" && $0.target == "jit-1" })
        // Now it is a SCIM user: a second POST is a duplicate.
        #expect(await h.call("POST", "/Users", json: #"{"userName":"alice@example.com"}"#).status == 409)
    }

    @Test(arguments: SCIMBackend.enabled) func deprovisionRevokesSessionsAndReactivationIsAudited(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let id = try await h.createUser("carol@example.com")
        let cookie = OpaqueToken.generate()
        _ = try await h.store.createSession(token: cookie, userID: id, organizationID: h.org, now: h.clock.now(), idleTimeout: 3600, absoluteTimeout: 36000)
        #expect(try await h.store.activeSession(token: cookie, now: h.clock.now()) != nil)
        #expect(try await h.store.activeSessionIdentity(token: cookie, now: h.clock.now()) != nil)
        let r = await h.call("PATCH", "/Users/\(id)", json: """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
            """)
        #expect(r.status == 200, "\(r.text)")
        #expect(r.json["active"]?.boolValue == false)
        #expect(try await h.store.activeSession(token: cookie, now: h.clock.now()) == nil)
        // What /auth/check reads (SessionManager → activeSessionIdentity): refused from the very next request.
        #expect(try await h.store.activeSessionIdentity(token: cookie, now: h.clock.now()) == nil)
        #expect(try await h.scim.seats(organizationID: h.org) == 0)
        let back = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}"#)
        #expect(back.json["active"]?.boolValue == true)
        #expect(try await h.store.activeSession(token: cookie, now: h.clock.now()) == nil)
        #expect(try await h.scim.seats(organizationID: h.org) == 1)
        let actions = try await h.auditActions()
        let deactivate = try #require(actions.first { $0.action == "scim.user.deactivate" })
        #expect(deactivate.actor == "scim:\(h.tokenID)")
        #expect(deactivate.detailsJSON.contains("\"sessionsRevoked\":1"))
        #expect(!deactivate.detailsJSON.contains(h.token))
        #expect(actions.contains { $0.action == "scim.user.reactivate" })
        // DELETE revokes too.
        let cookie2 = OpaqueToken.generate()
        _ = try await h.store.createSession(token: cookie2, userID: id, organizationID: h.org, now: h.clock.now(), idleTimeout: 3600, absoluteTimeout: 36000)
        #expect(await h.call("DELETE", "/Users/\(id)").status == 204)
        #expect(try await h.store.activeSession(token: cookie2, now: h.clock.now()) == nil)
        #expect(await h.call("GET", "/Users/\(id)").status == 404)
        #expect(try await h.auditActions().contains { $0.action == "scim.user.delete" })
    }

    /// Removing `active` leaves it unassigned, and unassigned is not active: access ends, the resource shows no
    /// `active`, other changes keep it unassigned, and an explicit `true` restores it.
    @Test(arguments: SCIMBackend.enabled) func removingActiveDeprovisions(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let id = try await h.createUser("dora@example.com")
        let cookie = OpaqueToken.generate()
        _ = try await h.store.createSession(token: cookie, userID: id, organizationID: h.org, now: h.clock.now(), idleTimeout: 3600, absoluteTimeout: 36000)
        let removed = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"active"}]}"#)
        #expect(removed.status == 200, "\(removed.text)")
        #expect(removed.json["active"] == nil)
        #expect(try await h.store.activeSession(token: cookie, now: h.clock.now()) == nil)
        #expect(try await h.store.user(id: id)?.active == false)
        #expect(try await h.auditActions().contains { $0.action == "scim.user.deactivate" })
        let renamed = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Dora"}]}"#)
        #expect(renamed.status == 200 && renamed.json["active"] == nil)
        #expect(try await h.store.user(id: id)?.active == false)
        let back = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]}"#)
        #expect(back.json["active"]?.boolValue == true)
        #expect(try await h.store.user(id: id)?.active == true)
    }

    @Test(arguments: SCIMBackend.enabled) func primaryOwnerIsProtectedAndRefusalsAudited(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend, roles: .workspaceRole)
        defer { Task { await h.close() } }
        try await h.store.createUser(DirectoryUser(id: "po", organizationID: h.org, userName: "owner@example.com", email: "owner@example.com",
                                                   role: "primary_owner", source: "scim", createdAt: h.clock.now()))
        let deactivate = await h.call("PATCH", "/Users/po", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"#)
        #expect(deactivate.status == 403)
        #expect(deactivate.json["detail"]?.stringValue?.contains("Primary Owner") == true)
        let unassign = await h.call("PATCH", "/Users/po", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"active"}]}"#)
        #expect(unassign.status == 403, "\(unassign.text)")
        #expect(try await h.store.user(id: "po")?.active == true)
        let put = await h.call("PUT", "/Users/po", json: #"{"userName":"owner@example.com","active":false}"#)
        #expect(put.status == 403)
        let demote = await h.call("PATCH", "/Users/po", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"roles","value":[{"value":"member","primary":true}]}]}"#)
        #expect(demote.status == 403)
        #expect(await h.call("DELETE", "/Users/po").status == 403)
        let u = try #require(try await h.store.user(id: "po"))
        #expect(u.active && u.role == "primary_owner")
        let refused = try await h.auditActions().filter { $0.action == "scim.user.primary_owner_refused" }
        #expect(refused.count == 5)
        #expect(refused.allSatisfy { $0.result == "failure" && $0.code == "scim.primary_owner_protected" })
        // Nobody becomes Primary Owner through SCIM either.
        let other = try await h.createUser("x@example.com")
        let grant = await h.call("PATCH", "/Users/\(other)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"roles","value":[{"value":"primary_owner"}]}]}"#)
        #expect(grant.status == 403)
        // Other attributes of the Primary Owner may change.
        let rename = await h.call("PATCH", "/Users/po", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"The Owner"}]}"#)
        #expect(rename.status == 200)
    }

    @Test(arguments: SCIMBackend.enabled) func opaqueRolesNeverChangeTheWorkspaceRole(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        try await h.store.createUser(DirectoryUser(id: "po", organizationID: h.org, userName: "owner@example.com", email: "owner@example.com",
                                                   role: "primary_owner", source: "scim", createdAt: h.clock.now()))
        let r = await h.call("PATCH", "/Users/po", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"roles","value":[{"value":"Engineer","type":"app"}]}]}"#)
        #expect(r.status == 200)
        #expect(r.json["roles"]?[0]?["value"]?.stringValue == "Engineer")
        #expect(try await h.store.user(id: "po")?.role == "primary_owner")
        let removed = await h.call("PATCH", "/Users/po", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"roles"}]}"#)
        #expect(removed.json["roles"] == nil)
        let id = try await h.createUser("m@example.com")
        let grant = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"roles","value":[{"value":"primary_owner"}]}]}"#)
        #expect(grant.status == 403)
        #expect(try await h.store.user(id: id)?.role == "member")
        let removeActive = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"active"}]}"#)
        #expect(removeActive.status == 200)
        #expect(try await h.store.user(id: id)?.active == false)
        #expect(try await h.store.user(id: id)?.role == "member")
    }

    @Test(arguments: SCIMBackend.enabled) func etagsAndIfMatch(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let id = try await h.createUser("dave@example.com")
        let patch = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"Boss"}]}"#
        let stale = await h.call("PATCH", "/Users/\(id)", json: patch, headers: ["If-Match": "W/\"7\""])
        #expect(stale.status == 412)
        let ok = await h.call("PATCH", "/Users/\(id)", json: patch, headers: ["If-Match": "W/\"1\""])
        #expect(ok.status == 200)
        #expect(ok.response.header("ETag") == "W/\"2\"")
        #expect(await h.call("DELETE", "/Users/\(id)", headers: ["If-Match": "W/\"1\""]).status == 412)
        #expect(await h.call("PUT", "/Users/\(id)", json: #"{"userName":"dave@example.com"}"#, headers: ["If-Match": "*"]).status == 200)
    }

    @Test(arguments: SCIMBackend.enabled) func valuePathPatches(_ backend: SCIMBackend) async throws {
        let h = try await SCIMHarness.make(backend: backend)
        defer { Task { await h.close() } }
        let id = try await h.createUser("erin@example.com", extra: #","name":{"givenName":"Erin","familyName":"Old"}"#)
        let r = await h.call("PATCH", "/Users/\(id)", json: """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"erin.new@example.com"},
              {"op":"add","path":"emails[type eq \\"home\\"].value","value":"erin@home.example"},
              {"op":"replace","path":"name.familyName","value":"New"},
              {"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"boss-1"}},
              {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"},
              {"op":"add","path":"phoneNumbers","value":[{"value":"+1 555 0100","type":"work"}]},
              {"op":"remove","path":"phoneNumbers[type eq \\"work\\"]"}
            ]}
            """)
        #expect(r.status == 200, "\(r.text)")
        let emails = r.json["emails"]?.array ?? []
        #expect(emails.count == 2)
        #expect(emails.contains { $0["type"]?.stringValue == "work" && $0["value"]?.stringValue == "erin.new@example.com" })
        #expect(emails.contains { $0["type"]?.stringValue == "home" && $0["value"]?.stringValue == "erin@home.example" })
        #expect(r.json["name"]?["familyName"]?.stringValue == "New")
        #expect(r.json["name"]?["givenName"]?.stringValue == "Erin")
        let ext = r.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
        #expect(ext?["manager"]?["value"]?.stringValue == "boss-1")
        #expect(ext?["department"]?.stringValue == "R&D")
        #expect(r.json["phoneNumbers"] == nil)
        #expect(try await h.store.user(id: id)?.email == "erin.new@example.com")
        // Read-only and unknown paths.
        let ro = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"id","value":"x"}]}"#)
        #expect(ro.status == 400)
        #expect(ro.json["scimType"]?.stringValue == "mutability")
        let bad = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"nosuch","value":"x"}]}"#)
        #expect(bad.json["scimType"]?.stringValue == "invalidPath")
        let noTarget = await h.call("PATCH", "/Users/\(id)", json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"emails[type co \"x\"]","value":{"value":"a@b.c"}}]}"#)
        #expect(noTarget.json["scimType"]?.stringValue == "noTarget")
    }
}
