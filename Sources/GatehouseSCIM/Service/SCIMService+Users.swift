import GatehouseStore
import struct Foundation.UUID

/// /Users: read, create (or adopt the JIT account), replace (PUT), patch, delete; deprovisioning revokes sessions
/// in the same request; the Primary Owner is protected.
extension SCIMService {
    func loadUser(_ ctx: SCIMContext, _ id: String) async throws -> DirectoryUser {
        guard let u = try await store.user(id: id), u.organizationID == ctx.org else {
            throw SCIMError(.notFound, "no user '\(id.prefix(100))' in this organization")
        }
        return u
    }

    func userResponse(_ ctx: SCIMContext, _ u: DirectoryUser, status: Int) async throws -> SCIMResponse {
        let doc = try await userDocuments([u], groups: true)[0]
        let projection = (try? SCIMProjection(
            attributes: SCIMProjection.list(ctx.request.parameter("attributes")),
            excluded: SCIMProjection.list(ctx.request.parameter("excludedAttributes")))) ?? SCIMProjection()
        var headers = [("ETag", SCIMUserMapping.etag(u.version))]
        if status == 201 { headers.append(("Location", "\(configuration.baseURL)/Users/\(u.id)")) }
        return .json(status, projection.apply(doc, type: .user), headers: headers)
    }

    func getUser(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        try await userResponse(ctx, try await loadUser(ctx, id), status: 200)
    }

    func createUser(_ ctx: SCIMContext) async throws -> SCIMResponse {
        let attrs = try SCIMCanonicalizer.resource(try body(ctx), type: .user)
        let cols = try SCIMUserMapping.columns(attrs, roles: configuration.rolesMode)
        // JIT and SCIM users are the same accounts: adopt a JIT user with this externalId, userName or email.
        var existing: DirectoryUser?
        if let e = cols.externalID { existing = try await store.user(organizationID: ctx.org, externalID: e) }
        if existing == nil {
            existing = try await store.user(organizationID: ctx.org, userName: cols.userName)
            if existing == nil { existing = try await store.userIgnoringCase(organizationID: ctx.org, userName: cols.userName) }
        }
        if existing == nil, cols.email.contains("@") { existing = try await store.userIgnoringCase(organizationID: ctx.org, email: cols.email) }
        if let e = existing {
            guard e.source != "scim" else {
                throw SCIMError(.uniqueness, "userName '\(cols.userName)' (or its externalId/email) is already provisioned as user \(e.id)")
            }
            var u = e
            try apply(cols, attrs: attrs, to: &u)
            u.source = "scim"
            if e.role != configuration.primaryOwnerRole, cols.roleValues.contains(configuration.primaryOwnerRole) {
                try await refusePrimaryOwner(ctx, target: e.id, attempt: "grant \(configuration.primaryOwnerRole)")
            }
            try await protect(ctx, before: e, after: u)
            try await checkUnique(ctx, u)
            let saved = try await store.updateUser(u, expectedVersion: e.version)
            await audit(ctx, "scim.user.adopt", target: saved.id, details: ["userName": .string(saved.userName), "previousSource": .string(e.source)])
            try await afterActiveChange(ctx, before: e, after: saved)
            return try await userResponse(ctx, saved, status: 201)
        }
        if cols.roleValues.contains(configuration.primaryOwnerRole) {
            try await refusePrimaryOwner(ctx, target: cols.userName, attempt: "grant \(configuration.primaryOwnerRole) to a new user")
        }
        let now = ctx.now
        var u = DirectoryUser(
            id: UUID().uuidString.lowercased(), organizationID: ctx.org, userName: cols.userName, email: cols.email,
            role: configuration.defaultRole, source: "scim", createdAt: now)
        try apply(cols, attrs: attrs, to: &u)
        try await checkUnique(ctx, u)
        do {
            try await store.createUser(u)
        } catch let e as StoreError where e.kind == .conflict {
            throw SCIMError(.uniqueness, "userName '\(u.userName)', email '\(u.email)' or externalId is already taken in this organization")
        }
        await audit(ctx, "scim.user.create", target: u.id, details: ["userName": .string(u.userName), "active": .bool(u.active)])
        return try await userResponse(ctx, u, status: 201)
    }

    func replaceUser(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        let before = try await loadUser(ctx, id)
        try checkIfMatch(ctx, version: before.version)
        let attrs = try SCIMCanonicalizer.resource(try body(ctx), type: .user)
        return try await update(ctx, before, attrs: attrs, action: "replace")
    }

    func patchUser(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        let before = try await loadUser(ctx, id)
        try checkIfMatch(ctx, version: before.version)
        let ops = try SCIMPatchOperation.parse(try body(ctx), type: .user, maxOperations: configuration.maxPatchOperations, limits: configuration.filterLimits)
        var attrs = SCIMUserMapping.attributes(before, roles: configuration.rolesMode)
        try SCIMPatcher.apply(ops, to: &attrs, type: .user)
        // Re-read the result through the schema (coerces values, drops what became empty).
        attrs = try SCIMCanonicalizer.resource(.object(attrs), type: .user)
        // `active` removed (or still unassigned from an earlier removal): unassigned, and an unassigned `active` is
        // not active — access needs an explicit `true` (RFC 7643 leaves the meaning to the service provider).
        let unassigned = attrs["active"] == nil
            && (ops.contains { $0.op == .remove && $0.path.attribute.attribute.lowercased() == "active" } || SCIMUserMapping.activeUnassigned(before))
        return try await update(ctx, before, attrs: attrs, action: "patch", activeUnassigned: unassigned)
    }

    private func update(_ ctx: SCIMContext, _ before: DirectoryUser, attrs: [String: JSONValue], action: String,
                        activeUnassigned: Bool = false) async throws -> SCIMResponse {
        let cols = try SCIMUserMapping.columns(attrs, roles: configuration.rolesMode)
        var u = before
        try apply(cols, attrs: attrs, to: &u)
        if activeUnassigned {
            u.active = false
            u.attributesJSON = SCIMUserMapping.storedJSON(attrs, roles: configuration.rolesMode, activeUnassigned: true)
        }
        if before.role != configuration.primaryOwnerRole, cols.roleValues.contains(configuration.primaryOwnerRole) {
            try await refusePrimaryOwner(ctx, target: before.id, attempt: "grant \(configuration.primaryOwnerRole)")
        }
        try await protect(ctx, before: before, after: u)
        try await checkUnique(ctx, u)
        u.updatedAt = ctx.now
        let saved: DirectoryUser
        do {
            saved = try await store.updateUser(u, expectedVersion: before.version)
        } catch let e as StoreError where e.kind == .conflict {
            if ctx.request.header("If-Match") != nil {
                throw SCIMError(.preconditionFailed, "the user changed while this request was applied; re-read it and retry")
            }
            throw SCIMError(.uniqueness, "the change conflicts with another user or a concurrent update: \(e.reason)")
        }
        if before.active == saved.active {
            var changed: [JSONValue] = []
            if before.userName != saved.userName { changed.append(.string("userName")) }
            if before.role != saved.role { changed.append(.string("role")) }
            if before.email != saved.email { changed.append(.string("email")) }
            await audit(ctx, "scim.user.update", target: saved.id, details: ["operation": .string(action), "changed": .array(changed)])
        }
        try await afterActiveChange(ctx, before: before, after: saved)
        return try await userResponse(ctx, saved, status: 200)
    }

    /// Deactivation revokes every session now; reactivation is audited (sessions stay revoked).
    private func afterActiveChange(_ ctx: SCIMContext, before: DirectoryUser, after: DirectoryUser) async throws {
        if before.active, !after.active {
            let revoked = try await store.revokeSessions(userID: after.id, at: ctx.now)
            await audit(ctx, "scim.user.deactivate", target: after.id, details: ["userName": .string(after.userName), "sessionsRevoked": .number(Double(revoked))])
        } else if !before.active, after.active {
            await audit(ctx, "scim.user.reactivate", target: after.id, details: ["userName": .string(after.userName)])
        }
    }

    func deleteUser(_ ctx: SCIMContext, id: String) async throws -> SCIMResponse {
        let u = try await loadUser(ctx, id)
        try checkIfMatch(ctx, version: u.version)
        if u.role == configuration.primaryOwnerRole {
            try await refusePrimaryOwner(ctx, target: u.id, attempt: "delete")
        }
        let revoked = try await store.revokeSessions(userID: u.id, at: ctx.now)
        try await store.deleteUser(id: u.id)
        await audit(ctx, "scim.user.delete", target: u.id, details: ["userName": .string(u.userName), "sessionsRevoked": .number(Double(revoked))])
        return SCIMResponse(status: 204)
    }

    /// Applies the columns the attributes describe.
    private func apply(_ cols: SCIMUserMapping.Columns, attrs: [String: JSONValue], to u: inout DirectoryUser) throws(SCIMError) {
        u.userName = cols.userName
        u.externalID = cols.externalID
        u.email = cols.email
        u.displayName = cols.displayName
        if let a = cols.active { u.active = a }
        if let r = cols.role { u.role = r }
        u.attributesJSON = SCIMUserMapping.storedJSON(attrs, roles: configuration.rolesMode)
    }

    /// The Primary Owner cannot be deactivated or re-roled, and nobody becomes Primary Owner, through SCIM.
    private func protect(_ ctx: SCIMContext, before: DirectoryUser, after: DirectoryUser) async throws {
        let po = configuration.primaryOwnerRole
        if before.role == po {
            if before.active, !after.active { try await refusePrimaryOwner(ctx, target: before.id, attempt: "deactivate") }
            if after.role != po { try await refusePrimaryOwner(ctx, target: before.id, attempt: "change the role to '\(after.role)'") }
        } else if after.role == po {
            try await refusePrimaryOwner(ctx, target: before.id, attempt: "grant \(po)")
        }
    }

    func refusePrimaryOwner(_ ctx: SCIMContext, target: String, attempt: String) async throws -> Never {
        await audit(ctx, "scim.user.primary_owner_refused", target: target, result: "failure", code: "scim.primary_owner_protected",
                    details: ["attempt": .string(attempt)])
        throw SCIMError(
            .primaryOwnerProtected,
            "user '\(target)' is (or would become) the organization's Primary Owner: SCIM cannot \(attempt); transfer primary ownership in Gatehouse first")
    }

    /// userName (ignoring case), email and externalId are unique in the org.
    private func checkUnique(_ ctx: SCIMContext, _ u: DirectoryUser) async throws {
        if let o = try await store.userIgnoringCase(organizationID: ctx.org, userName: u.userName), o.id != u.id {
            throw SCIMError(.uniqueness, "userName '\(u.userName)' is already used by user \(o.id)")
        }
        if let o = try await store.userIgnoringCase(organizationID: ctx.org, email: u.email), o.id != u.id {
            throw SCIMError(.uniqueness, "email '\(u.email)' is already used by user \(o.id)")
        }
        if let e = u.externalID, let o = try await store.user(organizationID: ctx.org, externalID: e), o.id != u.id {
            throw SCIMError(.uniqueness, "externalId '\(e)' is already used by user \(o.id)")
        }
    }
}
