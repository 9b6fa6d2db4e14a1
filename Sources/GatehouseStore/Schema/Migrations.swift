/// Every migration this binary knows, oldest first. Append only: never edit a released step.
///
/// Times are `BIGINT` milliseconds since 1970 (UTC); booleans are `BIGINT` 0/1; JSON is `TEXT`. The same SQL runs
/// on SQLite and PostgreSQL.
enum Migrations {
    static var latestVersion: Int { all.last?.version ?? 0 }

    static let all: [Migration] = [
        Migration(version: 1, name: "initial schema", statements: [
            """
            CREATE TABLE organizations (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, settings_json TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE idp_connections (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                kind TEXT NOT NULL, name TEXT NOT NULL, settings_json TEXT NOT NULL, saml_metadata_xml TEXT,
                oidc_issuer TEXT, oidc_client_id TEXT, secret TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX idp_connections_org ON idp_connections (org_id)",
            """
            CREATE TABLE roles (
                org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, name TEXT NOT NULL,
                description TEXT NOT NULL, rank BIGINT NOT NULL, PRIMARY KEY (org_id, name))
            """,
            """
            CREATE TABLE email_domains (
                domain TEXT NOT NULL, org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                token TEXT NOT NULL, status TEXT NOT NULL, enforced BIGINT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, verified_at BIGINT, last_checked_at BIGINT,
                PRIMARY KEY (domain, org_id))
            """,
            "CREATE UNIQUE INDEX email_domains_one_verified ON email_domains (domain) WHERE status = 'verified'",
            """
            CREATE TABLE domain_checks (
                id {autoincrement_pk}, domain TEXT NOT NULL, org_id TEXT NOT NULL, checked_at BIGINT NOT NULL,
                outcome TEXT NOT NULL, detail TEXT NOT NULL,
                FOREIGN KEY (domain, org_id) REFERENCES email_domains(domain, org_id) ON DELETE CASCADE)
            """,
            "CREATE INDEX domain_checks_domain ON domain_checks (domain, org_id, checked_at)",
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                external_id TEXT, user_name TEXT NOT NULL, email TEXT NOT NULL, display_name TEXT NOT NULL,
                active BIGINT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL, attributes_json TEXT NOT NULL,
                version BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX users_org_email ON users (org_id, email)",
            "CREATE UNIQUE INDEX users_org_user_name ON users (org_id, user_name)",
            "CREATE UNIQUE INDEX users_org_external_id ON users (org_id, external_id)",
            "CREATE INDEX users_org_created ON users (org_id, created_at, id)",
            """
            CREATE TABLE groups_ (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                external_id TEXT, display_name TEXT NOT NULL, version BIGINT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX groups_org_display_name ON groups_ (org_id, display_name)",
            "CREATE INDEX groups_org_created ON groups_ (org_id, created_at, id)",
            """
            CREATE TABLE memberships (
                group_id TEXT NOT NULL REFERENCES groups_(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, PRIMARY KEY (group_id, user_id))
            """,
            "CREATE INDEX memberships_user ON memberships (user_id)",
            """
            CREATE TABLE login_records (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, org_id TEXT NOT NULL,
                connection_id TEXT NOT NULL, claims_json TEXT NOT NULL, logged_in_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, org_id TEXT NOT NULL, created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL, idle_expires_at BIGINT NOT NULL, absolute_expires_at BIGINT NOT NULL,
                revoked_at BIGINT)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            "CREATE INDEX sessions_absolute_expiry ON sessions (absolute_expires_at)",
            "CREATE INDEX sessions_idle_expiry ON sessions (idle_expires_at)",
            "CREATE TABLE replay_cache (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
            "CREATE INDEX replay_cache_expiry ON replay_cache (expires_at)",
            """
            CREATE TABLE pending_logins (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, org_id TEXT NOT NULL, connection_id TEXT NOT NULL,
                nonce TEXT, pkce_verifier TEXT, relay_state TEXT, return_to TEXT,
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX pending_logins_expiry ON pending_logins (expires_at)",
            """
            CREATE TABLE scim_tokens (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,
                last_used_at BIGINT, revoked_at BIGINT)
            """,
            """
            CREATE TABLE audit_events (
                seq {autoincrement_pk}, org_id TEXT NOT NULL, occurred_at BIGINT NOT NULL, actor TEXT NOT NULL,
                action TEXT NOT NULL, target TEXT NOT NULL, result TEXT NOT NULL, code TEXT NOT NULL,
                request_id TEXT NOT NULL, source_ip TEXT NOT NULL, user_agent TEXT NOT NULL,
                details_json TEXT NOT NULL)
            """,
            "CREATE INDEX audit_events_org_time ON audit_events (org_id, occurred_at, seq)",
            """
            CREATE TABLE audit_outbox (
                seq BIGINT PRIMARY KEY REFERENCES audit_events(seq) ON DELETE CASCADE, attempts BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL, lease_owner TEXT, lease_until BIGINT, delivered_at BIGINT,
                last_error TEXT)
            """,
            "CREATE INDEX audit_outbox_due ON audit_outbox (delivered_at, next_attempt_at)",
        ]),
        Migration(version: 2, name: "domain lifecycle state", statements: [
            // The domain module's whole lifecycle record (previous tokens, first failure, next check, check
            // history) as JSON; status/verified_at/last_checked_at stay the queryable mirror the gateway routes on.
            "ALTER TABLE email_domains ADD COLUMN lifecycle_json TEXT NOT NULL DEFAULT '{}'",
        ]),
        Migration(version: 3, name: "case-insensitive SCIM lookups", statements: [
            // SCIM matches userName, email and group displayName ignoring case (RFC 7643 caseExact=false). These
            // were created lazily by the SCIM service at its first request; `IF NOT EXISTS` adopts those copies.
            "CREATE INDEX IF NOT EXISTS users_org_user_name_ci ON users (org_id, lower(user_name))",
            "CREATE INDEX IF NOT EXISTS users_org_email_ci ON users (org_id, lower(email))",
            "CREATE INDEX IF NOT EXISTS groups_org_display_name_ci ON groups_ (org_id, lower(display_name))",
        ]),
    ]
}
