public import struct Foundation.Date

/// A SCIM bearer token's record. The token itself is shown once at creation and stored only as its SHA-256.
public struct SCIMToken: Sendable, Hashable {
    public var id: String
    public var organizationID: String
    public var label: String
    public var tokenHash: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, organizationID: String, label: String, tokenHash: String, createdAt: Date,
        lastUsedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.label = label
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
