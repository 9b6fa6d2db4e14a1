import Foundation
import GatehouseCore
import GatehouseSCIM
import GatehouseStore
import Synchronization
import Testing

/// A clock tests move by hand.
final class TestClock: GatehouseClock {
    private let instant = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The engines the SCIM suite runs on: SQLite always; PostgreSQL when `GATEHOUSE_TEST_POSTGRES_URL` is set, and
/// always in CI (where a missing server fails instead of skipping). Each PostgreSQL harness gets its own database.
enum SCIMBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"] }
    static var enabled: [SCIMBackend] {
        postgresURL != nil || ProcessInfo.processInfo.environment["CI"] == "true" ? [.sqlite, .postgres] : [.sqlite]
    }
    var testDescription: String { rawValue }

    func open(sqlitePath: String) async throws -> SQLGatehouseStore {
        switch self {
        case .sqlite:
            return try await SQLGatehouseStore.open(.sqlite(path: sqlitePath))
        case .postgres:
            guard let url = Self.postgresURL, var components = URLComponents(string: url) else {
                throw SCIMTestError("GATEHOUSE_TEST_POSTGRES_URL is not set but CI=true: the SCIM suite must run on PostgreSQL in CI")
            }
            // One database per test, created and migrated one at a time (concurrent CREATE DATABASE and migrations
            // under a full parallel test run otherwise hit the store's timeouts), with a small pool each.
            var options = StoreOptions()
            options.postgresConnections = 2
            options.operationTimeout = .seconds(30)
            options.connectTimeout = .seconds(10)
            let name = "gh_scim_\(UUID().uuidString.prefix(8).lowercased())"
            components.path = "/\(name)"
            let location = try StoreLocation.parse(components.string ?? "")
            let created = options
            return try await PostgresDatabaseQueue.shared.run {
                let shared = try await SQLGatehouseStore.open(try StoreLocation.parse(url), options: created)
                do { try await shared.executeRaw("CREATE DATABASE \(name)") } catch {
                    await shared.close()
                    throw error
                }
                await shared.close()
                return try await SQLGatehouseStore.open(location, options: created)
            }
        }
    }
}

/// Runs database creations one after another (an async mutex: each job starts when the previous one ended).
actor PostgresDatabaseQueue {
    static let shared = PostgresDatabaseQueue()
    private var last: Task<Void, Never>?

    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = last
        let job = Task { () async throws -> T in
            await previous?.value
            return try await body()
        }
        last = Task { _ = try? await job.value }
        return try await job.value
    }
}

struct SCIMTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh store (SQLite file or PostgreSQL database) with one org and a SCIM token, and a service over it.
struct SCIMHarness {
    let store: SQLGatehouseStore
    let scim: SCIMService
    let clock: TestClock
    let token: String
    let tokenID: String
    let org = "org-1"
    let dir: URL

    static func make(
        backend: SCIMBackend = .sqlite, rule: any SCIMGroupNameRule = SCIMAnyGroupName(), rateLimit: SCIMRateLimit = .unlimited,
        roles: SCIMRolesMode = .opaque
    ) async throws -> SCIMHarness {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-scim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await backend.open(sqlitePath: dir.appendingPathComponent("s.sqlite").path)
        let clock = TestClock()
        try await store.createOrganization(Organization(id: "org-1", name: "Acme", createdAt: clock.now()))
        let (record, token) = try await store.createSCIMToken(organizationID: "org-1", label: "entra", now: clock.now())
        let scim = SCIMService(
            store: store, groupNameRule: rule, clock: clock,
            configuration: SCIMConfiguration(baseURL: "https://sso.example.com/scim/v2", rateLimit: rateLimit, rolesMode: roles))
        return SCIMHarness(store: store, scim: scim, clock: clock, token: token, tokenID: record.id, dir: dir)
    }

    func close() async {
        await store.close()
        try? FileManager.default.removeItem(at: dir)
    }

    @discardableResult
    func call(_ method: String, _ path: String, query: String = "", json: String? = nil, headers: [String: String] = [:], token: String? = nil) async -> Reply {
        var h = headers
        h["Authorization"] = h["Authorization"] ?? "Bearer \(token ?? self.token)"
        let response = await scim.handle(SCIMRequest(
            method: method, path: path, rawQuery: query, headers: h, body: Array((json ?? "").utf8),
            requestID: "req-\(UUID().uuidString.prefix(6))", sourceIP: "203.0.113.9", userAgent: "tests"))
        return Reply(response: response)
    }

    /// Creates a user through SCIM and returns its id.
    func createUser(_ userName: String, extra: String = "") async throws -> String {
        let r = await call("POST", "/Users", json: """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\(userName)",
             "emails":[{"value":"\(userName)","type":"work","primary":true}],"active":true\(extra)}
            """)
        try #require(r.status == 201, "\(r.text)")
        return try #require(r.json["id"]?.stringValue)
    }

    func auditActions() async throws -> [AuditEvent] {
        try await store.auditEvents(organizationID: org, since: Date(timeIntervalSince1970: 0), until: nil, afterSequence: 0, limit: 10_000)
    }
}

struct Reply {
    let response: SCIMResponse
    var status: Int { response.status }
    var text: String { String(decoding: response.body, as: UTF8.self) }
    var json: JSONObject { JSONObject(any: (try? JSONSerialization.jsonObject(with: Data(response.body))) ?? [:]) }
}

/// Minimal access to a JSON response in tests.
struct JSONObject {
    let any: Any
    subscript(key: String) -> JSONObject? {
        guard let d = any as? [String: Any], let v = d[key] else { return nil }
        return JSONObject(any: v)
    }
    subscript(index: Int) -> JSONObject? {
        guard let a = any as? [Any], index < a.count else { return nil }
        return JSONObject(any: a[index])
    }
    var stringValue: String? { any as? String }
    var intValue: Int? { (any as? NSNumber)?.intValue }
    var boolValue: Bool? { any as? Bool }
    var array: [JSONObject] { (any as? [Any])?.map { JSONObject(any: $0) } ?? [] }
    var count: Int { (any as? [Any])?.count ?? 0 }
}

func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}
