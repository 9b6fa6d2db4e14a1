import Foundation
import NIOPosix
import SQLiteKit

/// SQLite: WAL journal, `synchronous=FULL` (a commit is on disk before it is acknowledged), a bounded busy
/// timeout, foreign keys on. Each connection gets its own thread so a writer waiting for the lock never starves
/// the writer that holds it.
final class SQLiteEngine: SQLEngine {
    let name = "sqlite"
    let beginTransactionSQL = "BEGIN IMMEDIATE"
    let migrationLockSQL: String? = nil
    let skipLockedClause = ""
    let autoIncrementPrimaryKey = "INTEGER PRIMARY KEY AUTOINCREMENT"
    let path: String
    private let pool: SQLiteConnectionPool
    private let threadPool: NIOThreadPool

    private init(path: String, pool: SQLiteConnectionPool, threadPool: NIOThreadPool) {
        self.path = path
        self.pool = pool
        self.threadPool = threadPool
    }

    static func open(path: String, options: StoreOptions) async throws -> SQLiteEngine {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let count = max(1, options.sqliteConnections)
        let threadPool = NIOThreadPool(numberOfThreads: count)
        threadPool.start()
        var connections: [SQLiteConnection] = []
        do {
            for index in 0..<count {
                let connection = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: threadPool,
                    on: MultiThreadedEventLoopGroup.singleton.any()
                ).get()
                connections.append(connection)
                let db = connection.sql(queryLogLevel: nil)
                try await db.raw("PRAGMA busy_timeout = \(unsafeRaw: String(options.sqliteBusyTimeoutMilliseconds))").run()
                if index == 0 {
                    let rows = try await db.raw("PRAGMA journal_mode = WAL").all()
                    let mode = try rows.first?.decode(column: "journal_mode", as: String.self)
                    guard mode?.lowercased() == "wal" else {
                        throw StoreError.unavailable("SQLite at \(path) refused WAL mode (journal_mode=\(mode ?? "?"))")
                    }
                }
                try await db.raw("PRAGMA synchronous = FULL").run()
                try await db.raw("PRAGMA foreign_keys = ON").run()
            }
        } catch {
            for connection in connections { try? await connection.close() }
            try? await threadPool.shutdownGracefully()
            throw StoreError.from(error)
        }
        return SQLiteEngine(path: path, pool: SQLiteConnectionPool(connections: connections), threadPool: threadPool)
    }

    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection: SQLiteConnection
        do { connection = try await pool.acquire() } catch { throw StoreError.from(error) }
        do {
            let result = try await body(connection.sql(queryLogLevel: nil))
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw StoreError.from(error)
        }
    }

    func shutdown() async {
        await pool.close()
        try? await threadPool.shutdownGracefully()
    }
}
