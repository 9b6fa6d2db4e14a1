import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct OrganizationTests {
        let now = Date(timeIntervalSince1970: 1_900_000_000)

        @Test(arguments: StoreBackend.enabled)
        func organizationsConnectionsAndRoles(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let org = Organization(id: uniqueID("org"), name: "Acme", settingsJSON: #"{"seats":5}"#, createdAt: now)
                try await test.store.createOrganization(org)
                #expect(try await test.store.organization(id: org.id) == org)
                var renamed = org
                renamed.name = "Acme Corp"
                try await test.store.updateOrganization(renamed)
                #expect(try await test.store.organization(id: org.id)?.name == "Acme Corp")
                let duplicate = await #expect(throws: StoreError.self) { try await test.store.createOrganization(org) }
                #expect(duplicate?.code == "store.conflict")
                let missing = Organization(id: uniqueID("nope"), name: "x", createdAt: now)
                let notFound = await #expect(throws: StoreError.self) { try await test.store.updateOrganization(missing) }
                #expect(notFound?.code == "store.not_found")

                let saml = IdPConnection(id: uniqueID("saml"), organizationID: org.id, kind: .saml, name: "Okta",
                                         samlMetadataXML: "<EntityDescriptor/>", createdAt: now)
                try await test.store.saveConnection(saml)
                #expect(try await test.store.connection(id: saml.id) == saml)
                try await test.store.saveRole(OrganizationRole(organizationID: org.id, name: "admin", rank: 1))
                try await test.store.saveRole(OrganizationRole(organizationID: org.id, name: "member", rank: 2))
                try await test.store.saveRole(OrganizationRole(organizationID: org.id, name: "admin", description: "Admins", rank: 1))
                let roles = try await test.store.roles(organizationID: org.id)
                #expect(roles.map(\.name) == ["admin", "member"])
                #expect(roles.first?.description == "Admins")
                #expect(try await test.store.deleteConnection(id: saml.id))
                #expect(try await test.store.connection(id: saml.id) == nil)
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func secretsAreSealedAtRestOrReferencedFromTheEnvironment(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let org = Organization(id: uniqueID("org"), name: "Acme", createdAt: now)
                try await test.store.createOrganization(org)
                let id = uniqueID("oidc")
                let sealed = try test.store.sealSecret("client-secret-value", connectionID: id)
                let oidc = IdPConnection(id: id, organizationID: org.id, kind: .oidc, name: "Entra",
                                         oidcIssuer: "https://login.example/tenant/v2.0", oidcClientID: "client-1",
                                         secret: sealed, createdAt: now)
                try await test.store.saveConnection(oidc)
                let raw = try await test.store.queryStrings("SELECT secret FROM idp_connections WHERE id = '\(id)'",
                                                            column: "secret")
                #expect(raw.count == 1)
                #expect(raw.first?.hasPrefix("aesgcm:v1:") == true)
                #expect(raw.first?.contains("client-secret-value") == false)
                let loaded = try #require(try await test.store.connection(id: id))
                #expect(try test.store.resolveSecret(of: loaded) == "client-secret-value")

                // A ciphertext copied onto another connection does not open; nor does it under another key.
                var moved = loaded
                moved.id = uniqueID("other")
                #expect(throws: StoreError.secretUndecryptable("")) { try test.store.resolveSecret(of: moved) }
                let otherKey = SecretBox(keyData: Data(repeating: 9, count: 32))
                #expect(throws: StoreError.secretUndecryptable("")) { try otherKey.resolve(loaded.secret!, context: id) }
                let noKey = SecretBox(keyData: nil)
                #expect(throws: StoreError.secretKeyMissing("")) { try noKey.seal("x", context: id) }

                var byReference = loaded
                byReference.secret = .environment("GH_TEST_SECRET")
                try await test.store.saveConnection(byReference)
                let reloaded = try #require(try await test.store.connection(id: id))
                #expect(reloaded.secret?.isEnvironmentReference == true)
                #expect(try test.store.resolveSecret(of: reloaded) == "from-the-environment")
                #expect(try await test.store.connections(organizationID: org.id).count == 1)
            }
        }
    }
}
