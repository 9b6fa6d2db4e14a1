public import struct Foundation.Date

/// An email domain claimed by an organization, as the domain-verification module last saw it.
public struct OrgDomain: Hashable, Sendable {
    /// The last DNS verification check.
    public struct Check: Hashable, Sendable {
        public var at: Date
        public var succeeded: Bool
        public var detail: String?
        public init(at: Date, succeeded: Bool, detail: String? = nil) {
            self.at = at
            self.succeeded = succeeded
            self.detail = detail
        }
    }

    /// Lowercased domain name, e.g. `example.com`.
    public var name: String
    public var verified: Bool
    /// Users of this domain must sign in through the org's IdP.
    public var enforced: Bool
    public var lastCheck: Check?

    public init(name: String, verified: Bool, enforced: Bool = false, lastCheck: Check? = nil) {
        self.name = name.lowercased()
        self.verified = verified
        self.enforced = enforced
        self.lastCheck = lastCheck
    }
}
