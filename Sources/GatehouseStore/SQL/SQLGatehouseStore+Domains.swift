import SQLKit

extension SQLGatehouseStore {
    public func claimDomain(_ d: EmailDomain) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO email_domains (domain, org_id, token, status, enforced, created_at, updated_at,
                verified_at, last_checked_at, lifecycle_json) VALUES (\(bind: d.domain), \(bind: d.organizationID),
                \(bind: d.token), \(bind: d.status), \(bind: d.enforced ? 1 : 0 as Int64), \(bind: Millis.from(d.createdAt)),
                \(bind: Millis.from(d.updatedAt)), \(bind: d.verifiedAt.map(Millis.from)),
                \(bind: d.lastCheckedAt.map(Millis.from)), \(bind: d.lifecycleJSON))
                """).run()
        }
    }

    public func updateDomain(_ d: EmailDomain) async throws {
        let found = try await run { db in
            try await db.raw("""
                UPDATE email_domains SET token = \(bind: d.token), status = \(bind: d.status),
                enforced = \(bind: d.enforced ? 1 : 0 as Int64), updated_at = \(bind: Millis.from(d.updatedAt)),
                verified_at = \(bind: d.verifiedAt.map(Millis.from)),
                last_checked_at = \(bind: d.lastCheckedAt.map(Millis.from)), lifecycle_json = \(bind: d.lifecycleJSON)
                WHERE domain = \(bind: d.domain) AND org_id = \(bind: d.organizationID) RETURNING domain
                """).first() != nil
        }
        if !found { throw StoreError.notFound("domain claim '\(d.domain)' of organization '\(d.organizationID)'") }
    }

    public func domain(_ name: String, organizationID: String) async throws -> EmailDomain? {
        try await run { db in
            try await db.raw("""
                SELECT * FROM email_domains WHERE domain = \(bind: name) AND org_id = \(bind: organizationID)
                """).first().map { try Self.emailDomain($0) }
        }
    }

    public func verifiedDomain(_ name: String) async throws -> EmailDomain? {
        try await run { db in
            try await db.raw("SELECT * FROM email_domains WHERE domain = \(bind: name) AND status = 'verified'")
                .first().map { try Self.emailDomain($0) }
        }
    }

    public func domainClaims(_ name: String) async throws -> [EmailDomain] {
        try await run { db in
            try await db.raw("SELECT * FROM email_domains WHERE domain = \(bind: name) ORDER BY org_id")
                .all().map { try Self.emailDomain($0) }
        }
    }

    public func allDomains() async throws -> [EmailDomain] {
        try await run { db in
            try await db.raw("SELECT * FROM email_domains ORDER BY domain, org_id").all().map { try Self.emailDomain($0) }
        }
    }

    public func domains(organizationID: String) async throws -> [EmailDomain] {
        try await run { db in
            try await db.raw("SELECT * FROM email_domains WHERE org_id = \(bind: organizationID) ORDER BY domain")
                .all().map { try Self.emailDomain($0) }
        }
    }

    public func deleteDomain(_ name: String, organizationID: String) async throws -> Bool {
        try await run { db in
            try await db.raw("""
                DELETE FROM email_domains WHERE domain = \(bind: name) AND org_id = \(bind: organizationID)
                RETURNING domain
                """).first() != nil
        }
    }

    public func appendDomainCheck(_ check: DomainCheck) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO domain_checks (domain, org_id, checked_at, outcome, detail) VALUES (\(bind: check.domain),
                \(bind: check.organizationID), \(bind: Millis.from(check.checkedAt)), \(bind: check.outcome),
                \(bind: check.detail))
                """).run()
        }
    }

    public func domainChecks(_ name: String, organizationID: String, limit: Int) async throws -> [DomainCheck] {
        try await run { db in
            try await db.raw("""
                SELECT * FROM domain_checks WHERE domain = \(bind: name) AND org_id = \(bind: organizationID)
                ORDER BY checked_at DESC, id DESC LIMIT \(bind: Int64(limit))
                """).all().map {
                DomainCheck(domain: try $0.string("domain"), organizationID: try $0.string("org_id"),
                            checkedAt: try $0.date("checked_at"), outcome: try $0.string("outcome"),
                            detail: try $0.string("detail"))
            }
        }
    }

    static func emailDomain(_ row: any SQLRow) throws -> EmailDomain {
        EmailDomain(
            domain: try row.string("domain"), organizationID: try row.string("org_id"), token: try row.string("token"),
            status: try row.string("status"), enforced: try row.bool("enforced"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), verifiedAt: try row.optionalDate("verified_at"),
            lastCheckedAt: try row.optionalDate("last_checked_at"), lifecycleJSON: try row.string("lifecycle_json"))
    }
}
