import Foundation
@testable import GatehouseStore

/// The engines the conformance suite runs against. PostgreSQL comes from `GATEHOUSE_TEST_POSTGRES_URL`
/// (scripts/services/postgres.sh); without it the PostgreSQL cases are skipped locally and FAIL when `CI=true`.
enum StoreBackend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"] }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// SQLite always; PostgreSQL when configured, or in CI (where a missing server must fail, not skip).
    static var enabled: [StoreBackend] { postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite] }

    /// A store on a fresh SQLite file, or on the shared PostgreSQL test database.
    func open(options: StoreOptions = Self.testOptions()) async throws -> TestStore {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("store.sqlite").path
            return TestStore(location: .sqlite(path: path), options: options, scratch: dir,
                             store: try await SQLGatehouseStore.open(.sqlite(path: path), options: options))
        case .postgres:
            guard let url = Self.postgresURL else {
                throw StoreTestError("GATEHOUSE_TEST_POSTGRES_URL is not set but CI=true: PostgreSQL tests must run in CI (scripts/services/postgres.sh)")
            }
            let location = try StoreLocation.parse(url)
            return TestStore(location: location, options: options, scratch: nil,
                             store: try await SQLGatehouseStore.open(location, options: options))
        }
    }

    /// A store on a database nobody else uses (a new SQLite file, or a new PostgreSQL database).
    func openIsolated(options: StoreOptions = Self.testOptions()) async throws -> TestStore {
        guard self == .postgres else { return try await open(options: options) }
        let shared = try await open(options: options)
        let name = "gh_iso_\(UUID().uuidString.prefix(8).lowercased())"
        try await shared.store.executeRaw("CREATE DATABASE \(name)")
        await shared.close()
        guard var components = URLComponents(string: Self.postgresURL ?? "") else { throw StoreTestError("bad URL") }
        components.path = "/\(name)"
        let location = try StoreLocation.parse(components.string ?? "")
        return TestStore(location: location, options: options, scratch: nil,
                         store: try await SQLGatehouseStore.open(location, options: options))
    }

    static func testOptions() -> StoreOptions {
        var options = StoreOptions()
        options.operationTimeout = .seconds(3)
        options.connectTimeout = .seconds(1)
        options.secrets = SecretBox(keyData: Data(repeating: 7, count: 32), environment: { name in
            name == "GH_TEST_SECRET" ? "from-the-environment" : nil
        })
        return options
    }
}

struct StoreTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A store under test plus what is needed to open a second instance on the same database.
struct TestStore: Sendable {
    let location: StoreLocation
    let options: StoreOptions
    let scratch: URL?
    let store: SQLGatehouseStore

    /// A second, independent instance (its own connection pool) on the same database.
    func secondInstance() async throws -> SQLGatehouseStore {
        try await SQLGatehouseStore.open(location, options: options)
    }

    func close() async {
        await store.close()
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }
}

/// Unique IDs so tests sharing the PostgreSQL database never collide.
func uniqueID(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.lowercased())" }

/// Opens a store for `backend`, runs `body`, closes it even when `body` throws.
func withStore(
    _ backend: StoreBackend, isolated: Bool = false, _ body: (TestStore) async throws -> Void
) async throws {
    let test = isolated ? try await backend.openIsolated() : try await backend.open()
    do {
        try await body(test)
    } catch let error as StoreError {
        await test.close()
        throw StoreTestError(error.debugDescription)  // the admin-facing reason, not just the code
    } catch {
        await test.close()
        throw error
    }
    await test.close()
}

extension TestStore {
    /// Runs `body` with a second instance on the same database, closed even when `body` throws.
    func withSecondInstance(_ body: (SQLGatehouseStore) async throws -> Void) async throws {
        let other = try await secondInstance()
        do {
            try await body(other)
        } catch {
            await other.close()
            throw error
        }
        await other.close()
    }
}
