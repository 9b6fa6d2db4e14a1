import Crypto
import Foundation

/// The wire format a real IdP uses: attribute/claim names, group names vs object IDs, Entra group overage.
public enum VendorProfile: String, Sendable, Codable, CaseIterable {
    case generic, okta, entra, google

    /// SAML attribute names for email, first/last name, display name, groups.
    var samlEmail: String {
        switch self {
        case .entra: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
        default: "email"
        }
    }
    var samlGivenName: String {
        switch self {
        case .entra: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"
        case .okta: "firstName"
        default: "given_name"
        }
    }
    var samlFamilyName: String {
        switch self {
        case .entra: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"
        case .okta: "lastName"
        default: "family_name"
        }
    }
    var samlGroups: String {
        switch self {
        case .entra: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
        default: "groups"
        }
    }
    /// Entra sends object IDs instead of names.
    var groupsAsIDs: Bool { self == .entra }
    /// Entra replaces the groups by an overage link above 150 (SAML) / 200 (JWT) groups.
    var overageLimit: Int? { self == .entra ? 150 : nil }
    /// Google sends no `InResponseTo` for IdP-started logins and uses `hd` for the domain.
    var oidcHostedDomainClaim: Bool { self == .google }

    /// Entra-style object ID of a group name: a stable UUID-shaped SHA-256 prefix (test data, not Microsoft's).
    static func objectID(of group: String) -> String {
        let h = Array(SHA256.hash(data: Data(group.utf8)))
        let hex = h.prefix(16).map { String(format: "%02x", $0) }.joined()
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }
}
