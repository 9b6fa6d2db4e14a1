/// A user of the mock directory. Loaded from YAML/JSON or the admin API.
public struct MockUser: Sendable, Codable, Hashable {
    public enum State: String, Sendable, Codable, CaseIterable { case active, suspended, deleted, unassigned }

    public var id: String
    public var email: String?
    public var emailVerified: Bool
    public var name: String?
    public var givenName: String?
    public var familyName: String?
    /// Group names, e.g. `anthropic-engineering`.
    public var groups: [String]
    /// Extra attributes/claims, multi-valued.
    public var attributes: [String: [String]]
    public var state: State

    public init(id: String, email: String? = nil, emailVerified: Bool = true, name: String? = nil,
                givenName: String? = nil, familyName: String? = nil, groups: [String] = [],
                attributes: [String: [String]] = [:], state: State = .active) {
        self.id = id; self.email = email; self.emailVerified = emailVerified; self.name = name
        self.givenName = givenName; self.familyName = familyName; self.groups = groups
        self.attributes = attributes; self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, groups, attributes, state
        case emailVerified = "email_verified", givenName = "given_name", familyName = "family_name"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        emailVerified = try c.decodeIfPresent(Bool.self, forKey: .emailVerified) ?? true
        name = try c.decodeIfPresent(String.self, forKey: .name)
        givenName = try c.decodeIfPresent(String.self, forKey: .givenName)
        familyName = try c.decodeIfPresent(String.self, forKey: .familyName)
        groups = try c.decodeIfPresent([String].self, forKey: .groups) ?? []
        attributes = try c.decodeIfPresent([String: [String]].self, forKey: .attributes) ?? [:]
        state = try c.decodeIfPresent(State.self, forKey: .state) ?? .active
    }
}
