public import struct Foundation.Date
public import struct Foundation.TimeInterval

/// A column SCIM may sort users by (`sortBy`), served by SQL; other `sortBy` attributes are sorted in memory.
public enum SCIMUserSort: String, Sendable, CaseIterable {
    case created, lastModified, id, userName, externalID, displayName, email
}

/// A column SCIM may sort groups by.
public enum SCIMGroupSort: String, Sendable, CaseIterable {
    case created, lastModified, id, displayName, externalID
}

/// A membership row with the name of the other side: (group, user, the user's or the group's display name).
public struct SCIMMembership: Sendable, Hashable {
    public var groupID: String
    public var userID: String
    /// The user's display name (or userName) when listing a group's members; the group's displayName when
    /// listing a user's groups.
    public var display: String

    public init(groupID: String, userID: String, display: String) {
        self.groupID = groupID
        self.userID = userID
        self.display = display
    }
}

/// The queries the SCIM service provider needs beyond ``DirectoryStore``: case-insensitive indexed lookups, sorted
/// pages, batched membership reads, and group writes (rename + member changes) in one transaction.
public protocol SCIMQueryStore: Sendable {
    /// Like ``SCIMTokenStore/authenticateSCIMToken(_:now:)`` but reads first and writes `last_used_at` only when it
    /// is older than `touchInterval`, so a busy provisioning run does not commit (fsync) on every request.
    /// A revoked token is refused at its next request.
    func authenticateSCIMToken(_ plaintext: String, now: Date, touchInterval: TimeInterval) async throws -> SCIMToken?

    /// `lower(user_name) = lower(userName)` (indexed by schema migration 3).
    func userIgnoringCase(organizationID: String, userName: String) async throws -> DirectoryUser?
    /// `lower(email) = lower(email)` (indexed by schema migration 3).
    func userIgnoringCase(organizationID: String, email: String) async throws -> DirectoryUser?
    /// `lower(display_name) = lower(displayName)` (indexed by schema migration 3).
    func groupIgnoringCase(organizationID: String, displayName: String) async throws -> DirectoryGroup?
    func group(organizationID: String, externalID: String) async throws -> DirectoryGroup?

    /// A sorted page of the org's users (ties broken by ID).
    func users(organizationID: String, sortedBy: SCIMUserSort, ascending: Bool, offset: Int, limit: Int)
        async throws -> [DirectoryUser]
    /// A sorted page of the org's groups (ties broken by ID).
    func groups(organizationID: String, sortedBy: SCIMGroupSort, ascending: Bool, offset: Int, limit: Int)
        async throws -> [DirectoryGroup]
    func countGroups(organizationID: String) async throws -> Int
    /// All users of the org, active or not: answered from the `(org_id, created_at, id)` index alone, unlike
    /// ``DirectoryStore/countUsers(organizationID:activeOnly:)``, which reads every row for `active`.
    func countAllUsers(organizationID: String) async throws -> Int

    /// The members of several groups at once, each with the user's display name (or userName when empty).
    func memberships(groupIDs: [String]) async throws -> [SCIMMembership]
    /// The groups of several users at once, each with the group's displayName.
    func memberships(userIDs: [String]) async throws -> [SCIMMembership]
    /// Which of `ids` are users of the org.
    func existingUserIDs(organizationID: String, among ids: [String]) async throws -> Set<String>

    /// Creates a group with its members in one transaction.
    func createGroup(_ group: DirectoryGroup, memberIDs: [String]) async throws
    /// Updates the group row and its members in one transaction (all or nothing): `replaceMembers` (when set)
    /// replaces the member list first, then `removeMembers` and `addMembers` apply. The version is bumped once;
    /// `expectedVersion` makes it conditional (`store.conflict`).
    @discardableResult func updateGroup(
        _ group: DirectoryGroup, expectedVersion: Int64?, replaceMembers: [String]?, addMembers: [String],
        removeMembers: [String]
    ) async throws -> DirectoryGroup
}
