import GatehouseCore
import PostgresKit
import SQLiteKit

extension StoreError {
    /// Maps an engine's error to a ``StoreError``: constraint violations become `store.conflict`, anything that
    /// means "the database did not answer" becomes `store.unavailable`, the rest `store.query_failed`.
    static func from(_ error: any Error, file: String = #fileID, line: UInt = #line) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError { return from(postgres: error, file: file, line: line) }
        if let error = error as? SQLiteError { return from(sqlite: error, file: file, line: line) }
        if error is DecodingError { return .corruptRow("a stored row did not decode: \(error)", file: file, line: line) }
        if error is CancellationError { return .unavailable("the operation was cancelled", file: file, line: line) }
        return .unavailable("\(String(reflecting: type(of: error))): \(error)", file: file, line: line)
    }

    private static func from(postgres error: PSQLError, file: String, line: UInt) -> StoreError {
        if error.code == .server, let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? ""
            if state.hasPrefix("23") { return .conflict("constraint violated (SQLSTATE \(state)): \(message)", file: file, line: line) }
            // 08: connection exception, 57P: operator intervention (shutdown), 53: insufficient resources.
            if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") {
                return .unavailable("PostgreSQL SQLSTATE \(state): \(message)", file: file, line: line)
            }
            return .queryFailed("PostgreSQL SQLSTATE \(state): \(message)", file: file, line: line)
        }
        return .unavailable("PostgreSQL connection: \(String(reflecting: error.code))", file: file, line: line)
    }

    private static func from(sqlite error: SQLiteError, file: String, line: UInt) -> StoreError {
        let text = "SQLite: \(error.reason) \(error.message)"
        switch error.reason {
        case .constraint, .constraintCheckFailed, .constraintForeignKeyFailed, .constraintNotNullFailed,
             .constraintPrimaryKeyFailed, .constraintUniqueFailed, .constraintUniqueRowIDFailed:
            return .conflict(text, file: file, line: line)
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .ioError, .ioErrorFailedSync, .ioErrorFailedWrite,
             .ioErrorFailedRead, .cantOpen, .cantOpenDirectory, .full,
             .readOnly, .noMemory, .notADatabase, .corrupt:
            return .unavailable(text, file: file, line: line)
        default:
            return .queryFailed(text, file: file, line: line)
        }
    }
}
