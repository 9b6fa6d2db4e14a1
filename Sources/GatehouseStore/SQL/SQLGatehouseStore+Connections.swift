import Foundation
import SQLKit

extension SQLGatehouseStore {
    /// The secret must already be sealed (``SecretBox/seal(_:context:)``) or an `env:` reference.
    public func saveConnection(_ c: IdPConnection) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO idp_connections (id, org_id, kind, name, settings_json, saml_metadata_xml, oidc_issuer,
                oidc_client_id, secret, created_at, updated_at) VALUES (\(bind: c.id), \(bind: c.organizationID),
                \(bind: c.kind.description), \(bind: c.name), \(bind: c.settingsJSON), \(bind: c.samlMetadataXML),
                \(bind: c.oidcIssuer), \(bind: c.oidcClientID), \(bind: c.secret?.columnText),
                \(bind: Millis.from(c.createdAt)), \(bind: Millis.from(c.updatedAt)))
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
                settings_json = excluded.settings_json, saml_metadata_xml = excluded.saml_metadata_xml,
                oidc_issuer = excluded.oidc_issuer, oidc_client_id = excluded.oidc_client_id,
                secret = excluded.secret, updated_at = excluded.updated_at
                WHERE idp_connections.org_id = excluded.org_id
                """).run()
        }
    }

    public func connection(id: String) async throws -> IdPConnection? {
        try await run { db in
            try await db.raw("SELECT * FROM idp_connections WHERE id = \(bind: id)").first().map { try Self.connection($0) }
        }
    }

    public func connections(organizationID: String) async throws -> [IdPConnection] {
        try await run { db in
            try await db.raw("SELECT * FROM idp_connections WHERE org_id = \(bind: organizationID) ORDER BY id")
                .all().map { try Self.connection($0) }
        }
    }

    public func deleteConnection(id: String) async throws -> Bool {
        try await run { db in
            try await db.raw("DELETE FROM idp_connections WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    /// Seals `plaintext` for connection `connectionID` with the store's ``SecretBox``.
    public func sealSecret(_ plaintext: String, connectionID: String) throws -> ConnectionSecret {
        try secrets.seal(plaintext, context: connectionID)
    }

    /// The plaintext of a connection's secret (decrypted, or read from the environment), `nil` when it has none.
    public func resolveSecret(of connection: IdPConnection) throws -> String? {
        try connection.secret.map { try secrets.resolve($0, context: connection.id) }
    }

    static func connection(_ row: any SQLRow) throws -> IdPConnection {
        let kindText = try row.string("kind")
        guard let kind = IdPConnection.Kind(rawValue: kindText) else {
            throw StoreError.corruptRow("idp_connections.kind is '\(kindText)', expected saml or oidc")
        }
        return IdPConnection(
            id: try row.string("id"), organizationID: try row.string("org_id"), kind: kind,
            name: try row.string("name"), settingsJSON: try row.string("settings_json"),
            samlMetadataXML: try row.optionalString("saml_metadata_xml"), oidcIssuer: try row.optionalString("oidc_issuer"),
            oidcClientID: try row.optionalString("oidc_client_id"),
            secret: ConnectionSecret(columnText: try row.optionalString("secret")),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
