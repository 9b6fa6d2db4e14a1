import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseSCIM
import GatehouseStore

/// `gatehouse bench scim`: the SCIM service's latency on a large directory, on SQLite or PostgreSQL, as JSON.
///
/// Seeds an organization with `--users` users, `--groups` groups and 20 members per group through the store, then
/// measures requests through `SCIMService.handle` (everything the HTTP route does except the socket): filtered
/// `GET /Users?filter=userName eq "…"`, list pages of 100 at random offsets, and a PATCH adding 1,000 members to a
/// group. Targets: filter p99 < 20 ms, page p99 < 50 ms, PATCH < 200 ms. After seeding it runs `VACUUM ANALYZE`
/// on PostgreSQL, as autovacuum would on a live database.
struct BenchSCIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scim", abstract: "SCIM filter / page / PATCH latency on a large directory (SQLite or PostgreSQL).")

    @Option(help: "SQLite file path or postgres:// URL (default: a new SQLite file in a temporary directory). The bench creates its own organization.")
    var database: String?
    @Option(help: "Users to seed.") var users = 100_000
    @Option(help: "Groups to seed (20 members each).") var groups = 5_000
    @Option(help: "Samples per measurement (PATCH: a tenth).") var samples = 300
    @Option(help: "Concurrent writers while seeding (PostgreSQL; SQLite seeds with one).") var writers = 8

    func run() async throws {
        let bench = try BenchDatabase(database, prefix: "gatehouse-bench-scim")
        defer { bench.removeScratch() }
        let location = bench.location
        guard users >= 2_000, groups >= 1, samples >= 10 else { throw UsageError("--users ≥ 2000, --groups ≥ 1, --samples ≥ 10") }
        var options = StoreOptions()
        options.postgresConnections = writers
        options.sqliteConnections = writers
        let store = try await SQLGatehouseStore.open(location, options: options)
        let org = "bench-scim-\(UUID().uuidString.prefix(8).lowercased())"
        let now = Date()
        try await store.createOrganization(Organization(id: org, name: "SCIM bench", createdAt: now))
        let (_, token) = try await store.createSCIMToken(organizationID: org, label: "bench", now: now)

        // Seed through the store (the same rows SCIM writes), several writers at once.
        let seedStart = Date()
        // SQLite has one writer: concurrent seeders only queue on its lock (and can exceed the busy timeout).
        let userCount = users, groupCount = groups, width = location.engineName == "sqlite" ? 1 : writers
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for w in 0..<width {
                tasks.addTask {
                    var i = w
                    while i < userCount {
                        try await store.createUser(DirectoryUser(
                            id: "u\(i)-\(org)", organizationID: org, externalID: "ext-\(i)", userName: "user\(i)@bench.example",
                            email: "user\(i)@bench.example", displayName: "User \(i)", source: "scim", createdAt: now.addingTimeInterval(Double(i) / 1000)))
                        i += width
                    }
                }
            }
            try await tasks.waitForAll()
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for w in 0..<width {
                tasks.addTask {
                    var g = w
                    while g < groupCount {
                        let id = "g\(g)-\(org)"
                        try await store.createGroup(DirectoryGroup(id: id, organizationID: org, displayName: "anthropic-group-\(g)", createdAt: now))
                        try await store.changeMembers(groupID: id, add: (0..<20).map { "u\((g * 20 + $0) % userCount)-\(org)" }, remove: [])
                        g += width
                    }
                }
            }
            try await tasks.waitForAll()
        }
        let seedSeconds = Date().timeIntervalSince(seedStart)
        // A database in steady state has statistics and a visibility map (autovacuum's work); a bulk load just
        // finished has neither, and index-only scans then read every row. Measure the steady state.
        // (SQLite gets no ANALYZE: nothing runs it on a live gateway, and its statistics made the page plans worse.)
        if location.engineName == "postgresql" {
            for table in ["users", "groups_", "memberships"] { try await store.executeRaw("VACUUM ANALYZE \(table)") }
        }

        let scim = SCIMService(store: store, clock: SystemClock(),
                               configuration: SCIMConfiguration(baseURL: "https://sso.example.com/scim/v2", rateLimit: .unlimited))
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/scim+json"]
        func call(_ method: String, _ path: String, query: [String: String] = [:], body: String = "") async throws -> Double {
            let start = ContinuousClock.now
            let response = await scim.handle(SCIMRequest(method: method, path: path, query: query, headers: auth, body: Array(body.utf8)))
            let elapsed = ContinuousClock.now - start
            guard (200..<300).contains(response.status) else {
                throw UsageError("bench request \(method) \(path) \(query) answered \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
            }
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        var rng = SystemRandomNumberGenerator()
        _ = try await call("GET", "/Users", query: ["filter": "userName eq \"user1@bench.example\""])  // warm-up (indexes)
        var filter: [Double] = []
        for _ in 0..<samples {
            filter.append(try await call("GET", "/Users", query: ["filter": "userName eq \"user\(Int.random(in: 0..<userCount, using: &rng))@bench.example\""]))
        }
        var pages: [Double] = []
        for _ in 0..<samples {
            let start = Int.random(in: 0..<(userCount - 100), using: &rng) + 1
            pages.append(try await call("GET", "/Users", query: ["startIndex": "\(start)", "count": "100"]))
        }
        var groupPages: [Double] = []
        for _ in 0..<max(10, samples / 3) {
            let start = Int.random(in: 0..<max(1, groupCount - 100), using: &rng) + 1
            groupPages.append(try await call("GET", "/Groups", query: ["startIndex": "\(start)", "count": "100"]))
        }
        // Where a group page's time goes: the membership read alone (2,000 rows for 100 groups).
        var membershipReads: [Double] = []
        for _ in 0..<max(10, samples / 3) {
            let first = Int.random(in: 0..<max(1, groupCount - 100), using: &rng)
            let ids = (first..<min(groupCount, first + 100)).map { "g\($0)-\(org)" }
            let start = ContinuousClock.now
            _ = try await store.memberships(groupIDs: ids)
            let elapsed = ContinuousClock.now - start
            membershipReads.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        var patches: [Double] = []
        for p in 0..<max(5, samples / 10) {
            let group = "g\(p % groupCount)-\(org)"
            let base = Int.random(in: 0..<(userCount - 1_000), using: &rng)
            let members = (0..<1_000).map { "{\"value\":\"u\(base + $0)-\(org)\"}" }.joined(separator: ",")
            let body = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":["# + members + "]}]}"
            patches.append(try await call("PATCH", "/Groups/\(group)", body: body))
            // Put the group back to 20 members so the next sample starts from the same shape.
            try await store.replaceMembers(groupID: group, userIDs: (0..<20).map { "u\(((p % groupCount) * 20 + $0) % userCount)-\(org)" })
        }
        await store.close()

        func stats(_ xs: [Double]) -> [String: Double] {
            let s = xs.sorted()
            func q(_ p: Double) -> Double { s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)] }
            return ["p50_ms": (q(0.5) * 100).rounded() / 100, "p99_ms": (q(0.99) * 100).rounded() / 100, "max_ms": ((s.last ?? 0) * 100).rounded() / 100]
        }
        let f = stats(filter), pg = stats(pages), gp = stats(groupPages), pa = stats(patches), mr = stats(membershipReads)
        let result: [String: Any] = [
            "engine": location.engineName, "users": userCount, "groups": groupCount, "memberships": groupCount * 20,
            "seed_seconds": (seedSeconds * 10).rounded() / 10, "samples": samples,
            "filter_userName_eq": f, "users_page_100": pg, "groups_page_100": gp, "patch_add_1000_members": pa, "store_memberships_of_100_groups": mr,
            "targets": ["filter_p99_ms": 20, "page_p99_ms": 50, "patch_ms": 200],
            "meets_targets": (f["p99_ms"] ?? 1e9) < 20 && (pg["p99_ms"] ?? 1e9) < 50 && (gp["p99_ms"] ?? 1e9) < 50 && (pa["max_ms"] ?? 1e9) < 200,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted])
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
