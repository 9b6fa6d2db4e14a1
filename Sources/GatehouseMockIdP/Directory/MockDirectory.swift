public import Foundation
import Synchronization
import Yams

/// The mock's users, mutable through the admin API; `reset()` restores what it was built with.
public final class MockDirectory: Sendable {
    private let initial: [MockUser]
    private let users: Mutex<[String: MockUser]>

    public init(users: [MockUser] = MockDirectory.defaultUsers) {
        initial = users
        self.users = Mutex(Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Reads `users:` (a list) from a YAML or JSON file.
    public static func load(from url: URL) throws -> MockDirectory {
        struct File: Decodable { var users: [MockUser] }
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            return MockDirectory(users: try YAMLDecoder().decode(File.self, from: text).users)
        } catch {
            throw MockIdPError(.directoryUnreadable, "\(url.path): \(error)")
        }
    }

    public var all: [MockUser] { users.withLock { $0.values.sorted { $0.id < $1.id } } }
    public func user(_ id: String) -> MockUser? {
        users.withLock { dict in dict[id] ?? dict.values.first { $0.email?.lowercased() == id.lowercased() } }
    }
    public func upsert(_ user: MockUser) { users.withLock { $0[user.id] = user } }
    @discardableResult public func remove(_ id: String) -> Bool { users.withLock { $0.removeValue(forKey: id) != nil } }
    public func reset() {
        users.withLock { $0 = Dictionary(initial.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }
    }

    /// Three users for the demo and the tests: an owner, an engineer, a suspended contractor.
    public static let defaultUsers: [MockUser] = [
        MockUser(id: "alice", email: "alice@acme.test", name: "Alice Owner", givenName: "Alice", familyName: "Owner",
                 groups: ["anthropic-admins", "anthropic-engineering"]),
        MockUser(id: "bob", email: "bob@acme.test", name: "Bob Engineer", givenName: "Bob", familyName: "Engineer",
                 groups: ["anthropic-engineering"]),
        MockUser(id: "carol", email: "carol@acme.test", name: "Carol Contractor", givenName: "Carol",
                 familyName: "Contractor", groups: ["contractors"], state: .suspended),
    ]
}
