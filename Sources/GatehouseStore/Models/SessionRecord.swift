public import struct Foundation.Date

/// A browser session. The store keys it by the SHA-256 of the opaque cookie value, never the value itself.
public struct SessionRecord: Sendable, Hashable {
    /// Hex SHA-256 of the session token (see ``OpaqueToken``).
    public var idHash: String
    public var userID: String
    public var organizationID: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Moves forward on activity (``SessionStore/touchSession(token:now:idleTimeout:)``).
    public var idleExpiresAt: Date
    /// Never moves.
    public var absoluteExpiresAt: Date
    public var revokedAt: Date?

    public init(
        idHash: String, userID: String, organizationID: String, createdAt: Date, lastSeenAt: Date? = nil,
        idleExpiresAt: Date, absoluteExpiresAt: Date, revokedAt: Date? = nil
    ) {
        self.idHash = idHash
        self.userID = userID
        self.organizationID = organizationID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt ?? createdAt
        self.idleExpiresAt = idleExpiresAt
        self.absoluteExpiresAt = absoluteExpiresAt
        self.revokedAt = revokedAt
    }

    /// Usable at `now`: not revoked and before both expiries.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && now < idleExpiresAt && now < absoluteExpiresAt
    }
}
