import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct DirectoryTests {
        let now = Date(timeIntervalSince1970: 1_900_000_000)

        func makeOrg(_ store: SQLGatehouseStore) async throws -> String {
            let id = uniqueID("org")
            try await store.createOrganization(Organization(id: id, name: "Org", createdAt: now))
            return id
        }

        @Test(arguments: StoreBackend.enabled)
        func usersAreUniquePerOrgAndVersioned(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let org = try await makeOrg(test.store)
                let alice = DirectoryUser(id: uniqueID("u"), organizationID: org, externalID: "ext-alice",
                                          userName: "alice@acme.example", email: "alice@acme.example",
                                          displayName: "Alice", source: "scim", createdAt: now)
                try await test.store.createUser(alice)
                var clash = alice
                clash.id = uniqueID("u")
                clash.externalID = "ext-other"
                clash.userName = "other"
                let error = await #expect(throws: StoreError.self) { try await test.store.createUser(clash) }
                #expect(error?.code == "store.conflict")
                #expect(try await test.store.user(organizationID: org, email: "alice@acme.example")?.id == alice.id)
                #expect(try await test.store.user(organizationID: org, externalID: "ext-alice")?.id == alice.id)
                #expect(try await test.store.user(organizationID: org, userName: "alice@acme.example")?.id == alice.id)

                var inactive = alice
                inactive.active = false
                let updated = try await test.store.updateUser(inactive, expectedVersion: 1)
                #expect(updated.version == 2)
                #expect(updated.active == false)
                let stale = await #expect(throws: StoreError.self) {
                    try await test.store.updateUser(inactive, expectedVersion: 1)
                }
                #expect(stale?.code == "store.conflict")
                #expect(try await test.store.countUsers(organizationID: org, activeOnly: true) == 0)
                #expect(try await test.store.countUsers(organizationID: org, activeOnly: false) == 1)
                #expect(try await test.store.users(organizationID: org, offset: 0, limit: 10).count == 1)

                try await test.store.recordLogin(LoginRecord(userID: alice.id, organizationID: org, connectionID: "c1",
                                                             claimsJSON: #"{"groups":["a"]}"#, loggedInAt: now))
                try await test.store.recordLogin(LoginRecord(userID: alice.id, organizationID: org, connectionID: "c1",
                                                             claimsJSON: #"{"groups":["b"]}"#, loggedInAt: now))
                #expect(try await test.store.lastLogin(userID: alice.id)?.claimsJSON == #"{"groups":["b"]}"#)
                #expect(try await test.store.deleteUser(id: alice.id))
                #expect(try await test.store.lastLogin(userID: alice.id) == nil)
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func membershipChangesAreAllOrNothing(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let org = try await makeOrg(test.store)
                var ids: [String] = []
                for index in 0..<3 {
                    let user = DirectoryUser(id: uniqueID("u"), organizationID: org, userName: "user\(index)",
                                             email: "user\(index)@acme.example", createdAt: now)
                    try await test.store.createUser(user)
                    ids.append(user.id)
                }
                let group = DirectoryGroup(id: uniqueID("g"), organizationID: org, displayName: "Engineering", createdAt: now)
                try await test.store.createGroup(group)
                try await test.store.changeMembers(groupID: group.id, add: [ids[0], ids[1]], remove: [])
                #expect(try await test.store.memberIDs(groupID: group.id) == [ids[0], ids[1]].sorted())
                // An unknown user makes the whole change fail; nothing is half-applied.
                let error = await #expect(throws: StoreError.self) {
                    try await test.store.changeMembers(groupID: group.id, add: [ids[2], "no-such-user"], remove: [ids[0]])
                }
                #expect(error?.code == "store.conflict")
                #expect(try await test.store.memberIDs(groupID: group.id) == [ids[0], ids[1]].sorted())
                try await test.store.replaceMembers(groupID: group.id, userIDs: [ids[2]])
                #expect(try await test.store.memberIDs(groupID: group.id) == [ids[2]])
                #expect(try await test.store.groupIDs(userID: ids[2]) == [group.id])
                #expect(try await test.store.group(organizationID: org, displayName: "Engineering")?.version == 3)
                var renamed = try #require(try await test.store.group(id: group.id))
                renamed.displayName = "Eng"
                #expect(try await test.store.updateGroup(renamed, expectedVersion: 3).version == 4)
                #expect(try await test.store.groups(organizationID: org, offset: 0, limit: 10).map(\.displayName) == ["Eng"])
                #expect(try await test.store.deleteGroup(id: group.id))
                #expect(try await test.store.groupIDs(userID: ids[2]).isEmpty)
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func scimTokensAreHashedAndRevocable(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let org = try await makeOrg(test.store)
                let (record, plaintext) = try await test.store.createSCIMToken(organizationID: org, label: "Okta", now: now)
                #expect(plaintext.hasPrefix("ghscim_"))
                #expect(record.tokenHash == OpaqueToken.hash(plaintext))
                let stored = try await test.store.queryStrings(
                    "SELECT token_hash FROM scim_tokens WHERE org_id = '\(org)'", column: "token_hash")
                #expect(stored == [OpaqueToken.hash(plaintext)])
                let authenticated = try await test.store.authenticateSCIMToken(plaintext, now: now)
                #expect(authenticated?.organizationID == org)
                #expect(authenticated?.lastUsedAt == now)
                #expect(try await test.store.authenticateSCIMToken(plaintext + "x", now: now) == nil)
                #expect(try await test.store.revokeSCIMToken(id: record.id, at: now))
                #expect(try await test.store.authenticateSCIMToken(plaintext, now: now) == nil)
                #expect(try await test.store.scimTokens(organizationID: org).first?.revokedAt == now)
            }
        }
    }
}
