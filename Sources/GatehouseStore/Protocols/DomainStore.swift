
/// Email domains claimed by organizations, their verification state and check history.
public protocol DomainStore: Sendable {
    /// Claims a domain for an org. Claiming the same (domain, org) twice is a `store.conflict`.
    func claimDomain(_ domain: EmailDomain) async throws
    /// Replaces the claim's state. Marking it `verified` while another org holds it verified is a `store.conflict`.
    func updateDomain(_ domain: EmailDomain) async throws
    func domain(_ name: String, organizationID: String) async throws -> EmailDomain?
    /// The org that holds `name` verified, if any: the only claim that may route logins.
    func verifiedDomain(_ name: String) async throws -> EmailDomain?
    func domains(organizationID: String) async throws -> [EmailDomain]
    /// Every organization's claim of `name` (verified or not), by organization ID.
    func domainClaims(_ name: String) async throws -> [EmailDomain]
    /// Every claim of every organization (the domain re-check scheduler reads them).
    func allDomains() async throws -> [EmailDomain]
    @discardableResult func deleteDomain(_ name: String, organizationID: String) async throws -> Bool
    func appendDomainCheck(_ check: DomainCheck) async throws
    /// The newest checks first.
    func domainChecks(_ name: String, organizationID: String, limit: Int) async throws -> [DomainCheck]
}
