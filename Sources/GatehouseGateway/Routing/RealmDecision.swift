/// What `/login` does with an email address (home-realm discovery).
public enum RealmDecision: Hashable, Sendable {
    /// Verified and enforced: straight to the org's IdP; no password or personal-account path is offered.
    case redirect(organizationID: String, organizationName: String, connectionID: String)
    /// Verified, not enforced: SSO is offered (one button per enabled connection, the first one primary), and the
    /// application's own sign-in stays available.
    case offerSSO(organizationID: String, organizationName: String, connectionIDs: [String])
    /// Unverified or unknown domain: never routed to any org's IdP.
    case unrouted(domain: String)
}
