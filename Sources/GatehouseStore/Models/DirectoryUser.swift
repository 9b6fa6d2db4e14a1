public import struct Foundation.Date

/// A member of an organization, created by JIT login or SCIM (the same account either way: matched by
/// `externalID` or `email`).
public struct DirectoryUser: Sendable, Hashable {
    public var id: String
    public var organizationID: String
    public var externalID: String?
    public var userName: String
    public var email: String
    public var displayName: String
    public var active: Bool
    public var role: String
    /// `jit` or `scim`: who created the account.
    public var source: String
    /// Extra attributes (SCIM resource, names, enterprise extension) as JSON.
    public var attributesJSON: String
    /// Incremented on every update (SCIM ETags).
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, organizationID: String, externalID: String? = nil, userName: String, email: String,
        displayName: String = "", active: Bool = true, role: String = "member", source: String = "jit",
        attributesJSON: String = "{}", version: Int64 = 1, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.externalID = externalID
        self.userName = userName
        self.email = email
        self.displayName = displayName
        self.active = active
        self.role = role
        self.source = source
        self.attributesJSON = attributesJSON
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
