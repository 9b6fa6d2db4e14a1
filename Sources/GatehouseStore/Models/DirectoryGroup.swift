public import struct Foundation.Date

/// A group in an organization (from SCIM or the IdP's group claim). Members are kept in their own table.
public struct DirectoryGroup: Sendable, Hashable {
    public var id: String
    public var organizationID: String
    public var externalID: String?
    public var displayName: String
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, organizationID: String, externalID: String? = nil, displayName: String, version: Int64 = 1,
        createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.externalID = externalID
        self.displayName = displayName
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
