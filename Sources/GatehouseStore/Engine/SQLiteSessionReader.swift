import Foundation
import Synchronization
import VaporCSQLite

/// The SQLite fast path for the hottest query: session lookup by ID hash, as one prepared statement on a dedicated
/// read-only connection, stepped on the caller's thread.
///
/// sqlite-nio prepares every statement anew and hops to a thread pool and back for each query; for a point lookup by
/// primary key that overhead is most of the cost (see docs/storage.md, Benchmark). In WAL mode a reader never waits
/// for a writer, so running the few-microsecond step inline is safe; `busy_timeout` still bounds the rare wait.
final class SQLiteSessionReader: Sendable {
    /// Raw SQLite handles are not Sendable; every use is under `lock`.
    private struct Handles: @unchecked Sendable {
        var db: OpaquePointer?
        var statement: OpaquePointer?
        var joined: OpaquePointer?
    }
    private let lock: Mutex<Handles>

    static let sql = """
        SELECT user_id, org_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, revoked_at
        FROM sessions WHERE id_hash = ?1
        """

    /// The session's user (forward-auth reads both on every request). Two point lookups rather than a JOIN: the
    /// JOIN statement was re-prepared by SQLite on every step here (measured: 13% of /auth/check time in parsing).
    static let userSQL = """
        SELECT email, display_name, role, active, org_id, user_name, source, version, created_at, updated_at
        FROM users WHERE id = ?1
        """

    init(path: String, busyTimeoutMilliseconds: Int) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        guard sqlite_nio_sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            sqlite_nio_sqlite3_close(db)
            throw StoreError.unavailable("cannot open \(path) read-only for session lookups")
        }
        sqlite_nio_sqlite3_busy_timeout(db, Int32(busyTimeoutMilliseconds))
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(db, Self.sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK
        else {
            let message = String(cString: sqlite_nio_sqlite3_errmsg(db))
            sqlite_nio_sqlite3_close(db)
            throw StoreError.queryFailed("SQLite: cannot prepare the session lookup: \(message)")
        }
        var joined: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(db, Self.userSQL, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &joined, nil) == SQLITE_OK
        else {
            let message = String(cString: sqlite_nio_sqlite3_errmsg(db))
            sqlite_nio_sqlite3_finalize(statement)
            sqlite_nio_sqlite3_close(db)
            throw StoreError.queryFailed("SQLite: cannot prepare the session identity lookup: \(message)")
        }
        self.lock = Mutex(Handles(db: db, statement: statement, joined: joined))
    }

    /// The session row for `idHash`, or `nil`.
    func session(idHash: String) throws -> SessionRecord? {
        try lock.withLock { handles -> SessionRecord? in
            guard let statement = handles.statement else { throw StoreError.unavailable("the SQLite store is closed") }
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            let step: Int32 = idHash.withCString { text in
                sqlite_nio_sqlite3_bind_text(statement, 1, text, -1, nil)
                return sqlite_nio_sqlite3_step(statement)
            }
            switch step {
            case SQLITE_DONE:
                return nil
            case SQLITE_ROW:
                func text(_ column: Int32) -> String {
                    sqlite_nio_sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
                }
                func millis(_ column: Int32) -> Date { Millis.date(sqlite_nio_sqlite3_column_int64(statement, column)) }
                let revoked: Date? =
                    sqlite_nio_sqlite3_column_type(statement, 6) == SQLITE_NULL ? nil : millis(6)
                return SessionRecord(
                    idHash: idHash, userID: text(0), organizationID: text(1), createdAt: millis(2),
                    lastSeenAt: millis(3), idleExpiresAt: millis(4), absoluteExpiresAt: millis(5), revokedAt: revoked)
            default:
                let message = handles.db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "?"
                throw StoreError.unavailable("SQLite session lookup failed (\(step)): \(message)")
            }
        }
    }

    /// The session row and its user for `idHash`, or `nil` (no session, or its user is gone).
    func sessionIdentity(idHash: String) throws -> SessionIdentityRecord? {
        guard let session = try session(idHash: idHash) else { return nil }
        return try lock.withLock { handles -> SessionIdentityRecord? in
            guard let statement = handles.joined else { throw StoreError.unavailable("the SQLite store is closed") }
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            let step: Int32 = session.userID.withCString { text in
                sqlite_nio_sqlite3_bind_text(statement, 1, text, -1, nil)
                return sqlite_nio_sqlite3_step(statement)
            }
            switch step {
            case SQLITE_DONE:
                return nil
            case SQLITE_ROW:
                func text(_ column: Int32) -> String {
                    sqlite_nio_sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
                }
                func millis(_ column: Int32) -> Date { Millis.date(sqlite_nio_sqlite3_column_int64(statement, column)) }
                let user = DirectoryUser(
                    id: session.userID, organizationID: text(4), userName: text(5), email: text(0), displayName: text(1),
                    active: sqlite_nio_sqlite3_column_int64(statement, 3) != 0, role: text(2), source: text(6),
                    version: sqlite_nio_sqlite3_column_int64(statement, 7), createdAt: millis(8), updatedAt: millis(9))
                return SessionIdentityRecord(session: session, user: user)
            default:
                let message = handles.db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "?"
                throw StoreError.unavailable("SQLite user lookup failed (\(step)): \(message)")
            }
        }
    }

    /// `PRAGMA journal_mode` as this connection sees it (`wal` for Gatehouse's databases).
    func journalMode() throws -> String? {
        try lock.withLock { handles -> String? in
            guard let db = handles.db else { throw StoreError.unavailable("the SQLite store is closed") }
            var statement: OpaquePointer?
            guard sqlite_nio_sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nil) == SQLITE_OK else { return nil }
            defer { sqlite_nio_sqlite3_finalize(statement) }
            guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return sqlite_nio_sqlite3_column_text(statement, 0).map { String(cString: $0).lowercased() }
        }
    }

    func close() {
        lock.withLock { handles in
            sqlite_nio_sqlite3_finalize(handles.joined)
            sqlite_nio_sqlite3_finalize(handles.statement)
            sqlite_nio_sqlite3_close(handles.db)
            handles = Handles(db: nil, statement: nil, joined: nil)
        }
    }
}
