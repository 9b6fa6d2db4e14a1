/// What every Gatehouse rejection has in common: a stable dotted code and a reason an IT admin can act on.
///
/// Codes are API (`saml.signature_invalid`, `oidc.key_unknown`, `policy.no_role_match`, `domain.nxdomain`,
/// `scim.invalid_value`, `store.unavailable`): tools and dashboards match on them, so a code is never renamed without
/// keeping the old one as an alias. The `reason` names what was expected and what arrived; it never contains
/// secrets, private keys or whole assertions. Browser-facing pages show neither: they show a generic message and a
/// request ID, while the admin reads the reason in logs and the audit trail.
public protocol GatehouseError: Error, Sendable, CustomStringConvertible {
    /// The stable dotted code, e.g. `saml.audience_mismatch`.
    var code: String { get }
    /// Expected vs received, for the IT admin. Safe for logs; not for anonymous browser pages.
    var reason: String { get }
}

extension GatehouseError {
    /// Browser-safe: the code only.
    public var description: String { code }
}
