import SQLKit

/// What differs between the engines below the shared SQL: how a connection is leased, how a write transaction
/// begins, the one DDL spelling that differs, and how calls are bounded in time.
protocol SQLEngine: Sendable {
    /// `sqlite` or `postgresql`.
    var name: String { get }
    /// `BEGIN IMMEDIATE` for SQLite (take the write lock up front), `BEGIN` for PostgreSQL.
    var beginTransactionSQL: String { get }
    /// Serializes concurrent migrators inside the migration transaction (PostgreSQL advisory lock), if needed.
    var migrationLockSQL: String? { get }
    /// Appended to a `SELECT` that picks rows to lease: `FOR UPDATE SKIP LOCKED` on PostgreSQL (concurrent claimers
    /// get different rows), empty on SQLite (one writer at a time already).
    var skipLockedClause: String { get }
    /// The column definition of an auto-increment 64-bit primary key.
    var autoIncrementPrimaryKey: String { get }
    /// Leases one connection for `body`, failing with ``StoreError`` (`store.unavailable` when the database does
    /// not answer in bounded time).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async
}
