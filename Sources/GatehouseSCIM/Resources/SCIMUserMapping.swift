import GatehouseStore
import struct Foundation.Date

/// DirectoryUser ↔ SCIM User. The columns (`userName`, `externalId`, `active`, `email`, `role`) are
/// authoritative; the other SCIM attributes live in `attributesJSON` in canonical form.
enum SCIMUserMapping {
    /// Attributes kept in columns, never in `attributesJSON`.
    static let columnAttributes: Set<String> = ["userName", "externalId", "active", "id", "meta", "groups"]

    /// Marks, in `attributesJSON`, that `active` was removed (PATCH `remove`): the user is inactive and the resource
    /// shows no `active` attribute. Kept out of the schema canonicalization, so clients never see or set it.
    static let activeUnassignedKey = "_gatehouseActiveUnassigned"

    /// Whether `active` is unassigned (removed through PATCH): such a user is never active.
    static func activeUnassigned(_ u: DirectoryUser) -> Bool {
        !u.active && u.attributesJSON.contains("\"\(activeUnassignedKey)\":true")
    }

    /// The stored SCIM attributes of a user (JIT users: whatever of them parses against the schema).
    static func storedAttributes(_ u: DirectoryUser) -> [String: JSONValue] {
        guard let v = try? JSONParser.parse(Array(u.attributesJSON.utf8)),
            let attrs = try? SCIMCanonicalizer.resource(v, type: .user)
        else { return [:] }
        return attrs
    }

    /// The attributes a client sees and patches (stored attributes plus the column values).
    static func attributes(_ u: DirectoryUser, roles: SCIMRolesMode) -> [String: JSONValue] {
        var a = storedAttributes(u)
        a["userName"] = .string(u.userName)
        if let e = u.externalID { a["externalId"] = .string(e) }
        if !activeUnassigned(u) { a["active"] = .bool(u.active) }
        if a["displayName"] == nil, !u.displayName.isEmpty { a["displayName"] = .string(u.displayName) }
        if a["emails"] == nil, !u.email.isEmpty, u.email.contains("@") {
            a["emails"] = .array([.object(["value": .string(u.email), "type": .string("work"), "primary": .bool(true)])])
        }
        if roles == .workspaceRole, !u.role.isEmpty { a["roles"] = .array([.object(["value": .string(u.role), "primary": .bool(true)])]) }
        return a
    }

    /// The full resource as returned.
    static func document(_ u: DirectoryUser, groups: [SCIMMembership]?, baseURL: String, roles: SCIMRolesMode) -> JSONValue {
        var d = attributes(u, roles: roles)
        var schemas: [JSONValue] = [.string(SCIMSchemas.userURN)]
        if d[SCIMSchemas.enterpriseURN] != nil { schemas.append(.string(SCIMSchemas.enterpriseURN)) }
        d["schemas"] = .array(schemas)
        d["id"] = .string(u.id)
        if let groups {
            d["groups"] = .array(groups.map {
                .object([
                    "value": .string($0.groupID), "display": .string($0.display), "type": .string("direct"),
                    "$ref": .string("\(baseURL)/Groups/\($0.groupID)"),
                ])
            })
        }
        d["meta"] = meta("User", id: u.id, created: u.createdAt, modified: u.updatedAt, version: u.version, baseURL: baseURL, endpoint: "Users")
        return .object(d)
    }

    static func meta(_ type: String, id: String, created: Date, modified: Date, version: Int64, baseURL: String, endpoint: String) -> JSONValue {
        .object([
            "resourceType": .string(type), "created": .string(SCIMTime.format(created)),
            "lastModified": .string(SCIMTime.format(modified)), "location": .string("\(baseURL)/\(endpoint)/\(id)"),
            "version": .string(etag(version)),
        ])
    }

    static func etag(_ version: Int64) -> String { "W/\"\(version)\"" }

    /// What the attributes say the columns should be.
    struct Columns: Equatable {
        var userName: String
        var externalID: String?
        var email: String
        var displayName: String
        /// nil: the request did not say (keep the current value; true on create).
        var active: Bool?
        /// nil: the request did not say (keep the current role).
        var role: String?
        /// Every `roles` value (a Primary Owner grant hidden in a non-primary value is still refused).
        var roleValues: [String] = []
    }

    static func columns(_ a: [String: JSONValue], roles rolesMode: SCIMRolesMode) throws(SCIMError) -> Columns {
        guard let userName = a["userName"]?.stringValue?.trimmingSpaces, !userName.isEmpty else {
            throw SCIMError(.invalidValue, "userName is required and must be a non-empty string")
        }
        guard userName.utf8.count <= 512 else { throw SCIMError(.invalidValue, "userName is longer than 512 bytes") }
        let externalID = a["externalId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let emails = a["emails"]?.arrayValue ?? []
        let primary = emails.first { $0[ci: "primary"]?.boolValue == true } ?? emails.first { $0[ci: "type"]?.stringValue?.lowercased() == "work" } ?? emails.first
        let email = primary?[ci: "value"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? userName
        var displayName = a["displayName"]?.stringValue ?? ""
        if displayName.isEmpty, let name = a["name"] {
            if let f = name[ci: "formatted"]?.stringValue, !f.isEmpty {
                displayName = f
            } else {
                displayName = [name[ci: "givenName"]?.stringValue, name[ci: "familyName"]?.stringValue]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            }
        }
        let roles = a["roles"]?.arrayValue ?? []
        let role = (roles.first { $0[ci: "primary"]?.boolValue == true } ?? roles.first)?[ci: "value"]?.stringValue
        return Columns(
            userName: userName, externalID: externalID, email: email, displayName: displayName,
            active: a["active"]?.boolValue, role: rolesMode == .workspaceRole ? role.flatMap { $0.isEmpty ? nil : $0 } : nil,
            roleValues: roles.compactMap { $0[ci: "value"]?.stringValue })
    }

    /// The `attributesJSON` for these attributes.
    static func storedJSON(_ a: [String: JSONValue], roles: SCIMRolesMode, activeUnassigned: Bool = false) -> String {
        var s = a
        for k in columnAttributes { s.removeValue(forKey: k) }
        if roles == .workspaceRole { s.removeValue(forKey: "roles") }
        if activeUnassigned { s[activeUnassignedKey] = .bool(true) }
        return String(decoding: JSONValue.object(s).serialized(), as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
