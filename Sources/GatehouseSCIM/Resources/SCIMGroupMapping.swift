import GatehouseStore

/// DirectoryGroup ↔ SCIM Group.
enum SCIMGroupMapping {
    static func document(_ g: DirectoryGroup, members: [SCIMMembership]?, baseURL: String) -> JSONValue {
        var d: [String: JSONValue] = [
            "schemas": .array([.string(SCIMSchemas.groupURN)]), "id": .string(g.id), "displayName": .string(g.displayName),
        ]
        if let e = g.externalID { d["externalId"] = .string(e) }
        if let members {
            d["members"] = .array(members.map {
                .object([
                    "value": .string($0.userID), "type": .string("User"),
                    "$ref": .string("\(baseURL)/Users/\($0.userID)"),
                ])
            })
        }
        d["meta"] = SCIMUserMapping.meta("Group", id: g.id, created: g.createdAt, modified: g.updatedAt, version: g.version, baseURL: baseURL, endpoint: "Groups")
        return .object(d)
    }

    /// The member IDs of a `members` value (objects with `value`; Entra and Okta both send these).
    static func memberIDs(_ v: JSONValue?, context: String = "members") throws(SCIMError) -> [String] {
        guard let v, !v.isNull else { return [] }
        var ids: [String] = []
        for item in v.arrayValue ?? [v] {
            if let s = item.stringValue { ids.append(s); continue }
            guard let id = item[ci: "value"]?.stringValue, !id.isEmpty else {
                throw SCIMError(.invalidValue, "each of '\(context)' must be an object with a 'value' (the user's id)")
            }
            ids.append(id)
        }
        return ids
    }
}
