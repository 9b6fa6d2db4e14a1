import GatehouseStore
import struct Foundation.UUID

/// /Groups: the org's group-name rule is checked before anything is written, and a rename plus member changes is one
/// store transaction, so a refused request changes nothing.
extension SCIMService {
    func loadGroup(_ ctx: SCIMContext, _ id: String) async throws -> DirectoryGroup {
        guard let g = try await store.group(id: id), g.organizationID == ctx.org else {
            throw SCIMError(.notFound, "no group '\(id.prefix(100))' in this organization")
        }
        return g
    }

    func groupResponse(_ ctx: SCIMContext, _ g: DirectoryGroup, status: Int) async throws -> SCIMResponse {
        let projection = (try? SCIMProjection(
            attributes: SCIMProjection.list(ctx.request.parameter("attributes")),
            excluded: SCIMProjection.list(ctx.request.parameter("excludedAttributes")))) ?? SCIMProjection()
        let doc = try await groupDocuments([g], members: projection.wants("members"))[0]
        var headers = [("ETag", SCIMUserMapping.etag(g.version))]
        if status == 201 { headers.append(("Location", "\(configuration.baseURL)/Groups/\(g.id)")) }
        return .json(status, projection.apply(doc, type: .group), headers: headers)
    }

    func getGroup(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        try await groupResponse(ctx, try await loadGroup(ctx, id), status: 200)
    }

    private func validName(_ ctx: SCIMContext, _ name: String, except id: String?) async throws {
        guard !name.trimmingSpaces.isEmpty else { throw SCIMError(.invalidValue, "displayName is required for a group") }
        guard name.utf8.count <= 256 else { throw SCIMError(.invalidValue, "displayName is longer than 256 bytes") }
        if let violation = await groupNameRule.violation(organizationID: ctx.org, groupName: name) {
            throw SCIMError(.invalidValue, "group '\(name)' is not allowed: \(violation)")
        }
        if let o = try await store.groupIgnoringCase(organizationID: ctx.org, displayName: name), o.id != id {
            throw SCIMError(.uniqueness, "a group named '\(o.displayName)' already exists (\(o.id))")
        }
    }

    private func checkMembers(_ ctx: SCIMContext, _ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        guard ids.count <= configuration.maxPatchValues else {
            throw SCIMError(.tooMany, "\(ids.count) member values; the limit is \(configuration.maxPatchValues) per request")
        }
        let found = try await store.existingUserIDs(organizationID: ctx.org, among: ids)
        if let missing = ids.first(where: { !found.contains($0) }) {
            throw SCIMError(.invalidValue, "member '\(missing.prefix(100))' is not a user of this organization (only users can be members)")
        }
    }

    func createGroup(_ ctx: SCIMContext) async throws -> SCIMResponse {
        let b = try body(ctx)
        let attrs = try SCIMCanonicalizer.resource(b, type: .group)
        guard let name = attrs["displayName"]?.stringValue else { throw SCIMError(.invalidValue, "displayName is required for a group") }
        let members = try SCIMGroupMapping.memberIDs(attrs["members"])
        try await validName(ctx, name, except: nil)
        try await checkMembers(ctx, members)
        let g = DirectoryGroup(
            id: UUID().uuidString.lowercased(), organizationID: ctx.org, externalID: attrs["externalId"]?.stringValue,
            displayName: name, createdAt: ctx.now)
        do {
            try await store.createGroup(g, memberIDs: members)
        } catch let e as StoreError where e.kind == .conflict {
            throw SCIMError(.uniqueness, "a group named '\(name)' already exists")
        }
        await audit(ctx, "scim.group.create", target: g.id, details: ["displayName": .string(name), "members": .number(Double(Set(members).count))])
        return try await groupResponse(ctx, g, status: 201)
    }

    func replaceGroup(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        let before = try await loadGroup(ctx, id)
        try checkIfMatch(ctx, version: before.version)
        let attrs = try SCIMCanonicalizer.resource(try body(ctx), type: .group)
        guard let name = attrs["displayName"]?.stringValue else { throw SCIMError(.invalidValue, "displayName is required for a group") }
        var change = MemberChange()
        // Okta sends members with PUT; a PUT without `members` leaves them alone rather than emptying the group.
        let raw = try body(ctx)
        if attrs["members"] != nil || raw[ci: "members"] != nil { change.replace = try SCIMGroupMapping.memberIDs(attrs["members"]) }
        var g = before
        g.displayName = name
        g.externalID = attrs["externalId"]?.stringValue
        return try await save(ctx, before: before, after: g, change: change)
    }

    func patchGroup(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        let before = try await loadGroup(ctx, id)
        try checkIfMatch(ctx, version: before.version)
        let ops = try SCIMPatchOperation.parse(try body(ctx), type: .group, maxOperations: configuration.maxPatchOperations, limits: configuration.filterLimits)
        var change = MemberChange()
        var attrs: [String: JSONValue] = ["displayName": .string(before.displayName)]
        if let e = before.externalID { attrs["externalId"] = .string(e) }
        var values = 0
        for op in ops {
            guard op.path.attribute.attribute.lowercased() == "members", op.path.attribute.urn == nil || op.path.attribute.urn?.lowercased() == SCIMSchemas.groupURN.lowercased() else {
                try SCIMPatcher.apply(op, to: &attrs, type: .group)
                continue
            }
            guard op.path.attribute.subAttribute == nil, op.path.subAttribute == nil else {
                throw SCIMError(.invalidPath, "change members through 'members' or 'members[value eq \"…\"]', not a sub-attribute")
            }
            let ids = try SCIMGroupMapping.memberIDs(op.value)
            values += ids.count
            guard values <= configuration.maxPatchValues else {
                throw SCIMError(.tooMany, "more than \(configuration.maxPatchValues) member values in one PATCH")
            }
            switch (op.op, op.path.filter) {
            case (.add, nil): change.add(ids)
            case (.replace, nil): change.replace = ids; change.adds = []; change.removes = []
            case (.remove, nil): if op.value == nil || op.value?.isNull == true { change.replace = []; change.adds = []; change.removes = [] } else { change.remove(ids) }
            case (.remove, let f?):
                if let direct = Self.memberValues(f) {
                    change.remove(direct)
                } else {
                    let current = try await store.memberIDs(groupID: before.id)
                    let attribute = SCIMSchemas.group.attribute("members")!
                    try SCIMPatcher.checkItemFilter(f, attribute)
                    change.remove(current.filter { SCIMPatcher.itemMatches(f, attribute, .object(["value": .string($0), "type": .string("User")])) })
                }
            case (_, _?):
                throw SCIMError(.invalidPath, "\(op.op.rawValue) with a filter on members is not supported; use remove with the filter, then add")
            }
        }
        attrs = try SCIMCanonicalizer.resource(.object(attrs), type: .group)
        guard let name = attrs["displayName"]?.stringValue else { throw SCIMError(.invalidValue, "displayName is required for a group") }
        var g = before
        g.displayName = name
        g.externalID = attrs["externalId"]?.stringValue
        return try await save(ctx, before: before, after: g, change: change)
    }

    /// `value eq "a" or value eq "b"` → [a, b]; nil for any other filter.
    static func memberValues(_ f: SCIMFilter) -> [String]? {
        var out: [String] = []
        for d in f.disjuncts {
            guard case .compare(let p, .eq, .string(let v)?) = d, p.attribute.lowercased() == "value", p.subAttribute == nil else { return nil }
            out.append(v)
        }
        return out
    }

    /// Validates everything, then writes the group row and members in one transaction.
    private func save(_ ctx: SCIMContext, before: DirectoryGroup, after: DirectoryGroup, change: MemberChange) async throws -> SCIMResponse {
        let renamed = before.displayName != after.displayName
        if renamed { try await validName(ctx, after.displayName, except: before.id) }
        let (replace, adds, removes) = change.resolved
        try await checkMembers(ctx, (replace ?? []) + adds)
        var g = after
        g.updatedAt = ctx.now
        let saved: DirectoryGroup
        do {
            saved = try await store.updateGroup(g, expectedVersion: before.version, replaceMembers: replace, addMembers: adds, removeMembers: removes)
        } catch let e as StoreError where e.kind == .conflict {
            if ctx.request.header("If-Match") != nil {
                throw SCIMError(.preconditionFailed, "the group changed while this request was applied; re-read it and retry")
            }
            throw SCIMError(.uniqueness, "the change conflicts with another group or a concurrent update: \(e.reason)")
        }
        if renamed {
            await audit(ctx, "scim.group.rename", target: saved.id, details: ["from": .string(before.displayName), "to": .string(saved.displayName)])
        }
        if replace != nil || !adds.isEmpty || !removes.isEmpty {
            var d: [String: JSONValue] = ["displayName": .string(saved.displayName), "added": .number(Double(adds.count)), "removed": .number(Double(removes.count))]
            if let replace { d["replacedWith"] = .number(Double(replace.count)) }
            await audit(ctx, "scim.group.members", target: saved.id, details: d)
        }
        if !renamed, replace == nil, adds.isEmpty, removes.isEmpty, before.externalID != saved.externalID {
            await audit(ctx, "scim.group.update", target: saved.id, details: ["displayName": .string(saved.displayName)])
        }
        return try await groupResponse(ctx, saved, status: 200)
    }

    func deleteGroup(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        let g = try await loadGroup(ctx, id)
        try checkIfMatch(ctx, version: g.version)
        try await store.deleteGroup(id: g.id)
        await audit(ctx, "scim.group.delete", target: g.id, details: ["displayName": .string(g.displayName)])
        return SCIMResponse(status: 204)
    }
}

/// Member operations of one request, folded in order.
struct MemberChange {
    var replace: [String]?
    var adds: [String] = []
    var removes: [String] = []

    mutating func add(_ ids: [String]) {
        let s = Set(ids)
        removes.removeAll { s.contains($0) }
        adds += ids
    }

    mutating func remove(_ ids: [String]) {
        let s = Set(ids)
        adds.removeAll { s.contains($0) }
        if replace != nil { replace!.removeAll { s.contains($0) } } else { removes += ids }
    }

    /// (replace-with, add, remove): with a replace, adds are folded into it.
    var resolved: ([String]?, [String], [String]) {
        var seen = Set<String>()
        if let replace { return ((replace + adds).filter { seen.insert($0).inserted }, [], []) }
        return (nil, adds.filter { seen.insert($0).inserted }, Array(Set(removes)))
    }
}
