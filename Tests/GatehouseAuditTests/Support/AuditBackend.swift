import Foundation
import GatehouseStore

/// The engines the audit tests run on: SQLite always; PostgreSQL from `GATEHOUSE_TEST_POSTGRES_URL`
/// (scripts/services/postgres.sh), each test in a database of its own.
enum AuditBackend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"] }
    static var enabled: [AuditBackend] {
        postgresURL != nil || ProcessInfo.processInfo.environment["CI"] == "true" ? [.sqlite, .postgres] : [.sqlite]
    }

    static func options() -> StoreOptions {
        var options = StoreOptions()
        options.operationTimeout = .seconds(30)  // CREATE DATABASE under a loaded 2-core CI machine
        options.connectTimeout = .seconds(10)
        return options
    }

    /// A fresh database: a new SQLite file, or a new PostgreSQL database.
    func location() async throws -> (StoreLocation, URL?) {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-audit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return (.sqlite(path: dir.appendingPathComponent("audit.sqlite").path), dir)
        case .postgres:
            guard let url = Self.postgresURL, var components = URLComponents(string: url) else {
                throw AuditTestError("GATEHOUSE_TEST_POSTGRES_URL is not set but CI=true")
            }
            let shared = try await SQLGatehouseStore.open(try StoreLocation.parse(url), options: Self.options())
            let name = "gh_audit_\(UUID().uuidString.prefix(8).lowercased())"
            do { try await shared.executeRaw("CREATE DATABASE \(name)") } catch { await shared.close(); throw error }
            await shared.close()
            components.path = "/\(name)"
            return (try StoreLocation.parse(components.string ?? ""), nil)
        }
    }
}

struct AuditTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Opens a fresh store for `backend`, runs `body` with it (and its location, to open a second instance), closes it.
func withAuditStore(
    _ backend: AuditBackend, _ body: (SQLGatehouseStore, StoreLocation) async throws -> Void
) async throws {
    let (location, scratch) = try await backend.location()
    let store = try await SQLGatehouseStore.open(location, options: AuditBackend.options())
    do {
        try await body(store, location)
    } catch {
        await store.close()
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
        throw error
    }
    await store.close()
    if let scratch { try? FileManager.default.removeItem(at: scratch) }
}
