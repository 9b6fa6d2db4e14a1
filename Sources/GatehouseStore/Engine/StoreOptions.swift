/// Tuning for ``SQLGatehouseStore``; the defaults suit one gateway instance.
public struct StoreOptions: Sendable {
    /// Upper bound for any one store call against PostgreSQL, waiting for a connection included: past it the
    /// call fails with `store.unavailable` (fail closed, never hang).
    public var operationTimeout: Duration = .seconds(3)
    /// TCP connect timeout for PostgreSQL.
    public var connectTimeout: Duration = .seconds(2)
    /// PostgreSQL pool size.
    public var postgresConnections: Int = 8
    /// SQLite connections (each with its own thread); writers are serialized by SQLite itself.
    public var sqliteConnections: Int = 4
    /// How long a SQLite writer waits for the write lock before `store.unavailable`.
    public var sqliteBusyTimeoutMilliseconds: Int = 5_000
    /// Run pending migrations when opening (the server does; `gatehouse migrate` does it explicitly).
    public var migrate: Bool = true
    /// Seals and opens connection secrets.
    public var secrets: SecretBox = .fromEnvironment()

    public init() {}
}
