import Foundation

/// One user in a `--members` JSON export, and one claims file for `policy explain --claims`.
///
/// Keys (all optional except `email` for members): `email`, `name`, `role` (the current Gatehouse role),
/// `emailVerified`, `subject`, `groups` (absent key or `null` = claim absent; `[]` = empty), `groupIDs`,
/// `groupsOverage`, `attributes` (`{"name": "value"}` or `{"name": ["v1", "v2"]}`), `connection`, `vendor`,
/// `protocol` (`saml`, `oidc`), `inIdP` (`false` = a Gatehouse member the IdP does not list), `scimPresent`
/// (`false` = not in the SCIM directory), `lastSSOLogin` (ISO 8601).
struct MemberRecord: Decodable {
    var email: String?
    var name: String?
    var role: String?
    var emailVerified: Bool?
    var subject: String?
    var groups: [String]?
    var groupIDs: [String]?
    var groupsOverage: Bool?
    var attributes: [String: AttributeValues]?
    var connection: String?
    var vendor: String?
    var `protocol`: String?
    var inIdP: Bool?
    var scimPresent: Bool?
    var lastSSOLogin: String?

    struct AttributeValues: Decodable {
        var values: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                values = [one]
            } else if let many = try? container.decode([String].self) {
                values = many
            } else if let flag = try? container.decode(Bool.self) {
                values = [flag ? "true" : "false"]
            } else if let number = try? container.decode(Double.self) {
                values = [number == number.rounded() ? String(Int(number)) : String(number)]
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or a list of strings")
            }
        }
    }

    func claims() -> LoginClaims {
        LoginClaims(
            subject: subject, email: email, emailVerified: emailVerified, name: name, groups: groups,
            groupIDs: groupIDs ?? [], groupsOverage: groupsOverage ?? false,
            attributes: (attributes ?? [:]).mapValues(\.values),
            source: LoginClaims.Source(
                sourceProtocol: LoginClaims.SourceProtocol(rawValue: self.protocol ?? "file") ?? .file,
                vendor: vendor, connectionID: connection))
    }
}

extension MemberRecord {
    static func parseInstant(_ text: String) -> Date? {
        if let d = try? Date(text, strategy: .iso8601) { return d }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
