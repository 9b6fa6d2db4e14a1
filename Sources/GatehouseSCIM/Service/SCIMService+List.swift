import GatehouseStore

/// GET /Users, GET /Groups, POST …/.search: filtering (indexed lookups for the common equality filters, else a scan
/// of the org), sorting, paging and projection.
extension SCIMService {
    func listQuery(_ ctx: SCIMContext, post: Bool) throws(SCIMError) -> SCIMListQuery {
        var filter: String?, sortBy: String?, sortOrder: String?, startIndex: String?, count: String?
        var attributes: [String] = [], excluded: [String] = []
        if post {
            let b = try body(ctx)
            guard case .object = b else { throw SCIMError(.invalidSyntax, "a search body must be a JSON object") }
            func text(_ k: String) -> String? {
                guard let v = b[ci: k] else { return nil }
                return v.stringValue ?? v.numberValue.map { SCIMFilterEvaluator.text($0) }
            }
            func list(_ k: String) -> [String] {
                guard let v = b[ci: k] else { return [] }
                return v.arrayValue?.compactMap(\.stringValue) ?? SCIMProjection.list(v.stringValue)
            }
            filter = text("filter"); sortBy = text("sortBy"); sortOrder = text("sortOrder")
            startIndex = text("startIndex"); count = text("count")
            attributes = list("attributes"); excluded = list("excludedAttributes")
        } else {
            let r = ctx.request
            filter = r.parameter("filter"); sortBy = r.parameter("sortBy"); sortOrder = r.parameter("sortOrder")
            startIndex = r.parameter("startIndex"); count = r.parameter("count")
            attributes = SCIMProjection.list(r.parameter("attributes"))
            excluded = SCIMProjection.list(r.parameter("excludedAttributes"))
        }
        var q = SCIMListQuery(count: configuration.defaultCount, projection: try SCIMProjection(attributes: attributes, excluded: excluded))
        if let f = filter, !f.trimmingSpaces.isEmpty { q.filter = try SCIMFilterParser.parseFilter(f, limits: configuration.filterLimits) }
        if let s = sortBy, !s.isEmpty { q.sortBy = try SCIMFilterLexer.attributePath(s.trimmingSpaces, error: .invalidValue) }
        if let o = sortOrder?.lowercased(), !o.isEmpty {
            guard o == "ascending" || o == "descending" else { throw SCIMError(.invalidValue, "sortOrder must be ascending or descending") }
            q.ascending = o == "ascending"
        }
        if let s = startIndex {
            guard let n = Int(s.trimmingSpaces) else { throw SCIMError(.invalidValue, "startIndex must be an integer") }
            q.startIndex = max(1, n)
        }
        if let c = count {
            guard let n = Int(c.trimmingSpaces) else { throw SCIMError(.invalidValue, "count must be an integer") }
            q.count = min(max(0, n), configuration.maxResults)
        }
        return q
    }

    func search(_ ctx: SCIMContext, types: [SCIMResourceType], query q: SCIMListQuery) async throws -> SCIMResponse {
        if types.count == 1, let type = types.first {
            if let sortBy = q.sortBy { _ = try type.resolve(sortBy, error: .invalidValue) }
            let (total, page) = type.name == "User" ? try await listUsers(ctx, q) : try await listGroups(ctx, q)
            return .json(200, Self.listResponse(page.map { q.projection.apply($0, type: type) }, total: total, startIndex: q.startIndex))
        }
        // Root /.search: users then groups; a type whose schemas do not know the filter's attributes contributes none.
        var all: [(SCIMResourceType, JSONValue)] = []
        var lastError: SCIMError?
        for type in types {
            var sub = q
            sub.startIndex = 1
            sub.count = Int.max
            do {
                let (_, docs) = type.name == "User" ? try await listUsers(ctx, sub, everything: true) : try await listGroups(ctx, sub, everything: true)
                all += docs.map { (type, $0) }
            } catch let e as SCIMError where e.kind == .invalidFilter || e.kind == .invalidValue {
                lastError = e
            }
        }
        if all.isEmpty, let lastError, types.count > 1 { throw lastError }
        let page = all.dropFirst(q.startIndex - 1).prefix(q.count)
        return .json(200, Self.listResponse(page.map { q.projection.apply($0.1, type: $0.0) }, total: all.count, startIndex: q.startIndex))
    }

    // MARK: Users

    func listUsers(_ ctx: SCIMContext, _ q: SCIMListQuery, everything: Bool = false) async throws -> (Int, [JSONValue]) {
        let type = SCIMResourceType.user
        let loadGroups = q.projection.wants("groups")
        let sqlSort = q.sortBy.map(Self.userSort) ?? .created
        if q.filter == nil, let sqlSort, !everything {
            guard q.count > 0 else { return (try await store.countAllUsers(organizationID: ctx.org), []) }
            // The count and the page are independent: on PostgreSQL each is a scan of the org, so they run at once.
            async let total = store.countAllUsers(organizationID: ctx.org)
            let users = try await store.users(organizationID: ctx.org, sortedBy: sqlSort, ascending: q.ascending, offset: q.startIndex - 1, limit: q.count)
            let documents = try await userDocuments(users, groups: loadGroups)
            return (try await total, documents)
        }
        var candidates: [DirectoryUser]
        let evaluator = try q.filter.map { f throws(SCIMError) in try SCIMFilterEvaluator(f, type: type) }
        if let f = q.filter, let fast = try await fastUsers(ctx.org, f) {
            let docs = try await userDocuments(fast, groups: true)
            candidates = zip(fast, docs).filter { evaluator?.matches($0.1) ?? true }.map(\.0)
        } else {
            candidates = []
            let filterNeedsGroups = q.filter.map { Self.mentions($0, "groups") } ?? false
            var offset = 0
            while true {
                let chunk = try await store.users(organizationID: ctx.org, offset: offset, limit: 1000)
                let docs = try await userDocuments(chunk, groups: filterNeedsGroups)
                for (u, d) in zip(chunk, docs) where evaluator?.matches(d) ?? true { candidates.append(u) }
                if chunk.count < 1000 { break }
                offset += 1000
            }
        }
        if let s = q.sortBy {
            let docs = try await userDocuments(candidates, groups: s.attribute.lowercased() == "groups")
            let sorted = try Self.sort(docs, by: s, type: type, ascending: q.ascending)
            let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            candidates = sorted.compactMap { $0[ci: "id"]?.stringValue }.compactMap { byID[$0] }
        }
        let page = everything ? candidates : Array(candidates.dropFirst(q.startIndex - 1).prefix(q.count))
        return (candidates.count, try await userDocuments(page, groups: loadGroups || everything))
    }

    func userDocuments(_ users: [DirectoryUser], groups: Bool) async throws -> [JSONValue] {
        var byUser: [String: [SCIMMembership]] = [:]
        if groups, !users.isEmpty {
            for m in try await store.memberships(userIDs: users.map(\.id)) { byUser[m.userID, default: []].append(m) }
        }
        return users.map { SCIMUserMapping.document($0, groups: groups ? byUser[$0.id] ?? [] : nil, baseURL: configuration.baseURL, roles: configuration.rolesMode) }
    }

    static func userSort(_ p: SCIMAttributePath) -> SCIMUserSort? {
        guard p.urn == nil || p.urn?.lowercased() == SCIMSchemas.userURN.lowercased() else { return nil }
        switch (p.attribute.lowercased(), p.subAttribute?.lowercased()) {
        case ("username", nil): return .userName
        case ("displayname", nil): return .displayName
        case ("id", nil): return .id
        case ("meta", "created"): return .created
        case ("meta", "lastmodified"): return .lastModified
        default: return nil
        }
    }

    /// Equality on userName, externalId, id or an email: an indexed lookup instead of a scan. The candidates are then
    /// checked against the whole filter.
    func fastUsers(_ org: String, _ filter: SCIMFilter) async throws -> [DirectoryUser]? {
        for c in filter.conjuncts {
            if case .compare(let p, .eq, .string(let v)?) = c, p.urn == nil || p.urn?.lowercased() == SCIMSchemas.userURN.lowercased() {
                switch (p.attribute.lowercased(), p.subAttribute?.lowercased()) {
                case ("username", nil):
                    if let u = try await store.user(organizationID: org, userName: v) { return [u] }
                    return try await store.userIgnoringCase(organizationID: org, userName: v).map { [$0] } ?? []
                case ("externalid", nil):
                    return try await store.user(organizationID: org, externalID: v).map { [$0] } ?? []
                case ("id", nil):
                    return try await store.user(id: v).flatMap { $0.organizationID == org ? [$0] : nil } ?? []
                case ("emails", nil), ("emails", "value"):
                    return try await usersByEmail(org, v)
                default: continue
                }
            }
            if case .valuePath(let p, let inner) = c, p.attribute.lowercased() == "emails" {
                for ic in inner.conjuncts {
                    if case .compare(let ip, .eq, .string(let v)?) = ic, ip.attribute.lowercased() == "value" { return try await usersByEmail(org, v) }
                }
            }
        }
        return nil
    }

    private func usersByEmail(_ org: String, _ email: String) async throws -> [DirectoryUser] {
        if let u = try await store.user(organizationID: org, email: email) { return [u] }
        return try await store.userIgnoringCase(organizationID: org, email: email).map { [$0] } ?? []
    }

    // MARK: Groups

    func listGroups(_ ctx: SCIMContext, _ q: SCIMListQuery, everything: Bool = false) async throws -> (Int, [JSONValue]) {
        let type = SCIMResourceType.group
        let loadMembers = q.projection.wants("members")
        let sqlSort = q.sortBy.map(Self.groupSort) ?? .created
        if q.filter == nil, let sqlSort, !everything {
            guard q.count > 0 else { return (try await store.countGroups(organizationID: ctx.org), []) }
            async let total = store.countGroups(organizationID: ctx.org)
            let groups = try await store.groups(organizationID: ctx.org, sortedBy: sqlSort, ascending: q.ascending, offset: q.startIndex - 1, limit: q.count)
            let documents = try await groupDocuments(groups, members: loadMembers)
            return (try await total, documents)
        }
        let evaluator = try q.filter.map { f throws(SCIMError) in try SCIMFilterEvaluator(f, type: type) }
        let filterNeedsMembers = q.filter.map { Self.mentions($0, "members") } ?? false
        var candidates: [DirectoryGroup]
        if let f = q.filter, let fast = try await fastGroups(ctx.org, f) {
            let docs = try await groupDocuments(fast, members: filterNeedsMembers)
            candidates = zip(fast, docs).filter { evaluator?.matches($0.1) ?? true }.map(\.0)
        } else {
            candidates = []
            var offset = 0
            while true {
                let chunk = try await store.groups(organizationID: ctx.org, offset: offset, limit: 1000)
                let docs = try await groupDocuments(chunk, members: filterNeedsMembers)
                for (g, d) in zip(chunk, docs) where evaluator?.matches(d) ?? true { candidates.append(g) }
                if chunk.count < 1000 { break }
                offset += 1000
            }
        }
        if let s = q.sortBy {
            let docs = try await groupDocuments(candidates, members: s.attribute.lowercased() == "members")
            let sorted = try Self.sort(docs, by: s, type: type, ascending: q.ascending)
            let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            candidates = sorted.compactMap { $0[ci: "id"]?.stringValue }.compactMap { byID[$0] }
        }
        let page = everything ? candidates : Array(candidates.dropFirst(q.startIndex - 1).prefix(q.count))
        return (candidates.count, try await groupDocuments(page, members: loadMembers || everything))
    }

    func groupDocuments(_ groups: [DirectoryGroup], members: Bool) async throws -> [JSONValue] {
        var byGroup: [String: [SCIMMembership]] = [:]
        if members, !groups.isEmpty {
            for m in try await store.memberships(groupIDs: groups.map(\.id)) { byGroup[m.groupID, default: []].append(m) }
        }
        return groups.map { SCIMGroupMapping.document($0, members: members ? byGroup[$0.id] ?? [] : nil, baseURL: configuration.baseURL) }
    }

    static func groupSort(_ p: SCIMAttributePath) -> SCIMGroupSort? {
        guard p.urn == nil || p.urn?.lowercased() == SCIMSchemas.groupURN.lowercased() else { return nil }
        switch (p.attribute.lowercased(), p.subAttribute?.lowercased()) {
        case ("displayname", nil): return .displayName
        case ("id", nil): return .id
        case ("meta", "created"): return .created
        case ("meta", "lastmodified"): return .lastModified
        default: return nil
        }
    }

    func fastGroups(_ org: String, _ filter: SCIMFilter) async throws -> [DirectoryGroup]? {
        for c in filter.conjuncts {
            guard case .compare(let p, .eq, .string(let v)?) = c, p.subAttribute == nil,
                p.urn == nil || p.urn?.lowercased() == SCIMSchemas.groupURN.lowercased()
            else { continue }
            switch p.attribute.lowercased() {
            case "displayname":
                if let g = try await store.group(organizationID: org, displayName: v) { return [g] }
                return try await store.groupIgnoringCase(organizationID: org, displayName: v).map { [$0] } ?? []
            case "externalid": return try await store.group(organizationID: org, externalID: v).map { [$0] } ?? []
            case "id": return try await store.group(id: v).flatMap { $0.organizationID == org ? [$0] : nil } ?? []
            default: continue
            }
        }
        return nil
    }

    // MARK: Shared

    static func mentions(_ f: SCIMFilter, _ attribute: String) -> Bool {
        switch f {
        case .and(let l, let r), .or(let l, let r): mentions(l, attribute) || mentions(r, attribute)
        case .not(let i): mentions(i, attribute)
        case .compare(let p, _, _), .valuePath(let p, _): p.attribute.lowercased() == attribute.lowercased()
        }
    }

    /// In-memory sort (RFC 7644 §3.4.2.3: values missing sort last when ascending, first when descending).
    static func sort(_ docs: [JSONValue], by path: SCIMAttributePath, type: SCIMResourceType, ascending: Bool) throws(SCIMError) -> [JSONValue] {
        let r = try type.resolve(path, error: .invalidValue)
        let keyed: [(JSONValue, JSONValue?)] = docs.map { d in
            var values = SCIMFilterEvaluator.values(d, r)
            if r.attribute.multiValued, r.sub == nil || r.sub?.name == "value",
                let items = (r.extensionURN.map { d[ci: $0] ?? .null } ?? d)[ci: r.attribute.name]?.arrayValue,
                let primary = items.first(where: { $0[ci: "primary"]?.boolValue == true })?[ci: "value"]
            {
                values = [primary]
            }
            var k = values.first
            if !r.leaf.caseExact, let s = k?.stringValue { k = .string(s.lowercased()) }
            return (d, k)
        }
        let sorted = keyed.enumerated().sorted { x, y in
            switch (x.element.1, y.element.1) {
            case (nil, nil): return x.offset < y.offset
            case (nil, _): return false
            case (_, nil): return true
            case (let a?, let b?):
                if less(a, b) { return true }
                if less(b, a) { return false }
                return x.offset < y.offset
            }
        }.map(\.element.0)
        return ascending ? sorted : keyed.isEmpty ? [] : Array(sorted.reversed())
    }

    private static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x < y
        case (.number(let x), .number(let y)): x < y
        case (.bool(let x), .bool(let y)): !x && y
        default: false
        }
    }
}
