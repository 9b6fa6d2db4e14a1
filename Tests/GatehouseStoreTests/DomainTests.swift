import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct DomainTests {
        let now = Date(timeIntervalSince1970: 1_900_000_000)

        @Test(arguments: StoreBackend.enabled)
        func onlyOneOrganizationMayHoldADomainVerified(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let a = Organization(id: uniqueID("a"), name: "A", createdAt: now)
                let b = Organization(id: uniqueID("b"), name: "B", createdAt: now)
                try await test.store.createOrganization(a)
                try await test.store.createOrganization(b)
                let name = "\(uniqueID("d")).example"
                try await test.store.claimDomain(EmailDomain(domain: name, organizationID: a.id, token: "ta", createdAt: now))
                try await test.store.claimDomain(EmailDomain(domain: name, organizationID: b.id, token: "tb", createdAt: now))
                #expect(try await test.store.verifiedDomain(name) == nil)

                var claimA = try #require(try await test.store.domain(name, organizationID: a.id))
                claimA.status = "verified"
                claimA.verifiedAt = now
                claimA.enforced = true
                try await test.store.updateDomain(claimA)
                var claimB = try #require(try await test.store.domain(name, organizationID: b.id))
                claimB.status = "verified"
                let error = await #expect(throws: StoreError.self) { try await test.store.updateDomain(claimB) }
                #expect(error?.code == "store.conflict")
                let verified = try await test.store.verifiedDomain(name)
                #expect(verified?.organizationID == a.id)
                #expect(verified?.enforced == true)
                #expect(verified?.verifiedAt == now)

                for (offset, outcome) in ["domain.nxdomain", "domain.token_mismatch", "verified"].enumerated() {
                    try await test.store.appendDomainCheck(DomainCheck(
                        domain: name, organizationID: a.id, checkedAt: now.addingTimeInterval(Double(offset)),
                        outcome: outcome, detail: "try \(offset)"))
                }
                let history = try await test.store.domainChecks(name, organizationID: a.id, limit: 10)
                #expect(history.map(\.outcome) == ["verified", "domain.token_mismatch", "domain.nxdomain"])
                #expect(try await test.store.domains(organizationID: b.id).map(\.status) == ["pending"])
                #expect(try await test.store.deleteDomain(name, organizationID: a.id))
                #expect(try await test.store.domainChecks(name, organizationID: a.id, limit: 10).isEmpty)
            }
        }
    }
}
