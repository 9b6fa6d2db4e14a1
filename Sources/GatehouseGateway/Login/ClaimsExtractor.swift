import Foundation
package import GatehouseOIDC
package import GatehousePolicy
package import GatehouseSAML

/// Turns a verified SAML assertion or ID token into the policy module's ``LoginClaims``.
///
/// Only verified values are read: the assertion's attributes came from the signed tree, the token's claims from a
/// verified JWS. A missing groups attribute stays `nil` ("not sent", which the policy reports as such), an empty one
/// is `[]`.
package enum ClaimsExtractor {
    static let emailAttributes = [
        "email", "mail", "emailaddress", "Email", "EmailAddress", "user.email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
    ]
    static let nameAttributes = [
        "name", "displayName", "displayname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "http://schemas.microsoft.com/identity/claims/displayname", "urn:oid:2.16.840.1.113730.3.1.241",
    ]
    static let entraGroups = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
    static let entraOverage = "http://schemas.microsoft.com/claims/groups.link"

    package static func claims(from assertion: VerifiedAssertion, connection: SAMLConnectionRuntime) -> LoginClaims {
        var attributes: [String: [String]] = [:]
        for (name, values) in assertion.attributes {
            attributes[name, default: []] += values
            // Short alias for URI-named attributes (Entra: …/claims/department → department), unless taken.
            if let last = name.split(separator: "/").last, name.contains("/"), attributes[String(last)] == nil {
                attributes[String(last)] = values
            }
        }
        var email = emailAttributes.lazy.compactMap { attributes[$0]?.first }.first
        if email == nil, assertion.nameIDFormat?.hasSuffix(":emailAddress") == true || assertion.nameID.contains("@") {
            email = assertion.nameID
        }
        let groupsPresent = assertion.attributes.contains { $0.name == connection.groupsAttribute }
        var groups: [String]? = groupsPresent ? assertion.values(of: connection.groupsAttribute) : nil
        if groups == nil, connection.groupsAttribute != entraGroups, assertion.attributes.contains(where: { $0.name == entraGroups }) {
            groups = assertion.values(of: entraGroups)
        }
        let overage = groups == nil && assertion.attributes.contains { $0.name == entraOverage }
        let isUUID = { (s: String) in UUID(uuidString: s) != nil }
        var names: [String]? = groups
        var ids: [String] = []
        if connection.vendor == "entra", let g = groups, !g.isEmpty, g.allSatisfy(isUUID) {
            ids = g
            names = []
        }
        return LoginClaims(
            subject: assertion.nameID, email: email?.trimmingCharacters(in: .whitespaces), emailVerified: nil,
            name: nameAttributes.lazy.compactMap { attributes[$0]?.first }.first,
            groups: names, groupIDs: ids, groupsOverage: overage, attributes: attributes,
            source: .init(sourceProtocol: .saml, vendor: connection.vendor, connectionID: connection.connectionID))
    }

    package static func claims(from token: VerifiedIDToken, connection: OIDCConnectionRuntime) -> LoginClaims {
        var attributes: [String: [String]] = [:]
        for (name, value) in token.claims {
            switch value {
            case .string(let s): attributes[name] = [s]
            case .array(let items): attributes[name] = items.compactMap(\.stringValue)
            default: continue
            }
        }
        let groupsPresent = token.claims[connection.groupsClaim] != nil
        let emailVerified: Bool? = switch token.claims["email_verified"] {
        case .bool(let b): b
        case .string(let s): s.lowercased() == "true" ? true : (s.lowercased() == "false" ? false : nil)
        default: nil
        }
        return LoginClaims(
            subject: token.subject, email: token.string("email"), emailVerified: emailVerified, name: token.string("name"),
            groups: groupsPresent ? token.groups : nil, groupIDs: [], groupsOverage: false, attributes: attributes,
            source: .init(sourceProtocol: .oidc, vendor: connection.vendor, connectionID: connection.connectionID))
    }

    /// The claims as recorded for the dry-run check (`LoginRecord.claimsJSON`): identity, groups, attributes.
    package static func json(_ claims: LoginClaims) -> String {
        var object: [String: Any] = ["protocol": claims.source.sourceProtocol.rawValue]
        if let v = claims.subject { object["subject"] = v }
        if let v = claims.email { object["email"] = v }
        if let v = claims.emailVerified { object["email_verified"] = v }
        if let v = claims.name { object["name"] = v }
        if let v = claims.groups { object["groups"] = v }
        if !claims.groupIDs.isEmpty { object["group_ids"] = claims.groupIDs }
        if claims.groupsOverage { object["groups_overage"] = true }
        if let v = claims.source.vendor { object["vendor"] = v }
        if let v = claims.source.connectionID { object["connection"] = v }
        object["attributes"] = claims.attributes
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
