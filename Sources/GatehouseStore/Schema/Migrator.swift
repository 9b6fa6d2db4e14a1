import Foundation
import SQLKit

/// Applies ``Migrations`` in order; refuses a database newer than this binary (`store.schema_too_new`).
struct Migrator: Sendable {
    let engine: any SQLEngine
    let migrations: [Migration]

    var knownVersion: Int { migrations.last?.version ?? 0 }

    /// The database's version (0 for an empty database).
    func currentVersion() async throws -> Int {
        try await engine.withConnection { [engine] db in
            try await Self.ensureTable(db, engine: engine)
            return try await Self.version(db)
        }
    }

    /// Brings the database to ``knownVersion``. Returns the versions applied (empty when already current).
    @discardableResult func migrate() async throws -> [Int] {
        try await engine.withConnection { [engine, knownVersion, migrations] db in
            try await Self.ensureTable(db, engine: engine)
            let found = try await Self.version(db)
            if found > knownVersion { throw StoreError.schemaTooNew(database: found, binary: knownVersion) }
            var applied: [Int] = []
            for migration in migrations where migration.version > found {
                try await db.raw("\(unsafeRaw: engine.beginTransactionSQL)").run()
                do {
                    if let lock = engine.migrationLockSQL { try await db.raw("\(unsafeRaw: lock)").run() }
                    // Another instance may have migrated while we waited for the lock.
                    let now = try await Self.version(db)
                    if now >= migration.version {
                        try await db.raw("COMMIT").run()
                        continue
                    }
                    for statement in migration.statements {
                        let sql = statement.replacingOccurrences(of: "{autoincrement_pk}", with: engine.autoIncrementPrimaryKey)
                        try await db.raw("\(unsafeRaw: sql)").run()
                    }
                    try await db.raw("""
                        INSERT INTO gatehouse_schema (version, name, applied_at)
                        VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Millis.now()))
                        """).run()
                    try await db.raw("COMMIT").run()
                    applied.append(migration.version)
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    let mapped = StoreError.from(error)
                    if mapped.kind == .unavailable { throw mapped }
                    throw StoreError.migrationFailed(version: migration.version, mapped.reason)
                }
            }
            return applied
        }
    }

    /// Creates the version table (under the migration lock, so two instances starting together do not race).
    static func ensureTable(_ db: any SQLDatabase, engine: any SQLEngine) async throws {
        try await db.raw("\(unsafeRaw: engine.beginTransactionSQL)").run()
        do {
            if let lock = engine.migrationLockSQL { try await db.raw("\(unsafeRaw: lock)").run() }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS gatehouse_schema (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
                applied_at BIGINT NOT NULL)
                """).run()
            try await db.raw("COMMIT").run()
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    static func version(_ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("SELECT MAX(version) AS v FROM gatehouse_schema").first()
        return Int(try row?.decode(column: "v", as: Int64?.self) ?? 0)
    }
}
