import Foundation
import SQLKit

/// The store over sql-kit: one set of SQL statements, run by SQLite (default, embedded) or PostgreSQL (several
/// gateway instances sharing one database).
///
/// ```swift
/// let store = try await SQLGatehouseStore.open(try .parse("postgres://gatehouse@db/gatehouse"))
/// defer { Task { await store.close() } }
/// ```
public final class SQLGatehouseStore: GatehouseStore {
    let engine: any SQLEngine
    let secrets: SecretBox
    let migrator: Migrator
    /// SQLite only: the prepared-statement fast path for ``activeSession(token:now:)``.
    let sessionReaders: SQLiteSessionReaders?
    /// `sqlite` or `postgresql`.
    public let engineName: String
    /// The highest schema version this binary knows.
    public static var knownSchemaVersion: Int { Migrations.latestVersion }

    init(engine: any SQLEngine, secrets: SecretBox, sessionReaders: SQLiteSessionReaders?) {
        self.engine = engine
        self.secrets = secrets
        self.engineName = engine.name
        self.migrator = Migrator(engine: engine, migrations: Migrations.all)
        self.sessionReaders = sessionReaders
    }

    /// Opens the store; with ``StoreOptions/migrate`` (the default) brings the schema up to date. A database whose
    /// schema is newer than this binary is refused (`store.schema_too_new`).
    public static func open(_ location: StoreLocation, options: StoreOptions = .init()) async throws -> SQLGatehouseStore {
        let engine: any SQLEngine
        switch location.base {
        case .sqlite(let path): engine = try await SQLiteEngine.open(path: path, options: options)
        case .postgres(let components): engine = try PostgresEngine.open(url: components, options: options)
        }
        do {
            let migrator = Migrator(engine: engine, migrations: Migrations.all)
            if options.migrate {
                try await migrator.migrate()
            } else {
                let found = try await migrator.currentVersion()
                if found > knownSchemaVersion { throw StoreError.schemaTooNew(database: found, binary: knownSchemaVersion) }
            }
            var readers: SQLiteSessionReaders?
            if case .sqlite(let path) = location.base, try await migrator.currentVersion() >= 1 {
                readers = try SQLiteSessionReaders(
                    path: path, count: options.sqliteConnections,
                    busyTimeoutMilliseconds: options.sqliteBusyTimeoutMilliseconds)
            }
            return SQLGatehouseStore(engine: engine, secrets: options.secrets, sessionReaders: readers)
        } catch {
            await engine.shutdown()
            throw error
        }
    }

    /// Applies pending migrations; returns the versions applied.
    @discardableResult public func migrate() async throws -> [Int] { try await migrator.migrate() }

    public func schemaVersion() async throws -> Int { try await migrator.currentVersion() }

    public func close() async {
        sessionReaders?.close()
        await engine.shutdown()
    }

    /// One statement or a few independent ones on a leased connection.
    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await engine.withConnection(body)
    }

    /// All of `body` or nothing.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await engine.withConnection { [engine] db in
            try await db.raw("\(unsafeRaw: engine.beginTransactionSQL)").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
