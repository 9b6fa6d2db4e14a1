/// A role an organization grants (`owner`, `admin`, `member`, …). `primaryOwner` marks the account SCIM may not
/// deactivate or demote.
public struct OrganizationRole: Sendable, Hashable {
    public var organizationID: String
    public var name: String
    public var description: String
    public var rank: Int64

    public init(organizationID: String, name: String, description: String = "", rank: Int64 = 0) {
        self.organizationID = organizationID
        self.name = name
        self.description = description
        self.rank = rank
    }
}
