/// The gateway's question: which organization routes users of this email domain?
public struct DomainRegistry: Sendable {
    public let store: any DomainStateStore

    public init(store: any DomainStateStore) { self.store = store }

    /// The organization whose claim on `domain` is verified (or failing but inside its grace period) and enforced;
    /// nil otherwise. Exact match: `sub.example.com` needs its own claim.
    public func routingOrganization(for domain: String) async throws -> String? {
        let name = DomainName.normalize(domain)
        let holders = try await store.claims(domain: name).filter { $0.holdsDomain && $0.enforced }
        // The service never lets two orgs hold a domain; should a store contain that anyway, fail closed.
        return holders.count == 1 ? holders[0].organization : nil
    }
}
