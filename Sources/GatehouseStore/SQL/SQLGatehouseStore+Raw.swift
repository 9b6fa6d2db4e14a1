import SQLKit

extension SQLGatehouseStore {
    /// Runs one SQL statement outside the store's API (tests and maintenance commands only).
    /// - Warning: no binds: never pass text that came from a request.
    package func executeRaw(_ sql: String) async throws {
        try await run { db in try await db.raw("\(unsafeRaw: sql)").run() }
    }

    /// The first column of each row of `sql`, as text (tests and diagnostics: `PRAGMA journal_mode`, counts).
    package func queryStrings(_ sql: String, column: String) async throws -> [String] {
        try await run { db in
            try await db.raw("\(unsafeRaw: sql)").all().map { row in
                if let text = try? row.decode(column: column, as: String.self) { return text }
                return String(try row.decode(column: column, as: Int64.self))
            }
        }
    }
}
