
/// Users, groups, memberships and login records of each organization.
public protocol DirectoryStore: Sendable {
    /// Unique per org: `email`, `userName`, `externalID` (a duplicate is `store.conflict`).
    func createUser(_ user: DirectoryUser) async throws
    /// Replaces the user and bumps its version; `expectedVersion` (an ETag) makes it conditional (`store.conflict`).
    @discardableResult func updateUser(_ user: DirectoryUser, expectedVersion: Int64?) async throws -> DirectoryUser
    func user(id: String) async throws -> DirectoryUser?
    func user(organizationID: String, email: String) async throws -> DirectoryUser?
    func user(organizationID: String, externalID: String) async throws -> DirectoryUser?
    func user(organizationID: String, userName: String) async throws -> DirectoryUser?
    /// A page ordered by creation, then ID.
    func users(organizationID: String, offset: Int, limit: Int) async throws -> [DirectoryUser]
    func countUsers(organizationID: String, activeOnly: Bool) async throws -> Int
    @discardableResult func deleteUser(id: String) async throws -> Bool

    func createGroup(_ group: DirectoryGroup) async throws
    @discardableResult func updateGroup(_ group: DirectoryGroup, expectedVersion: Int64?) async throws -> DirectoryGroup
    func group(id: String) async throws -> DirectoryGroup?
    func group(organizationID: String, displayName: String) async throws -> DirectoryGroup?
    func groups(organizationID: String, offset: Int, limit: Int) async throws -> [DirectoryGroup]
    @discardableResult func deleteGroup(id: String) async throws -> Bool

    /// Adds and removes members in one transaction (all or nothing).
    func changeMembers(groupID: String, add: [String], remove: [String]) async throws
    /// Replaces the member list in one transaction.
    func replaceMembers(groupID: String, userIDs: [String]) async throws
    func memberIDs(groupID: String) async throws -> [String]
    func groupIDs(userID: String) async throws -> [String]

    /// Replaces the user's last login record.
    func recordLogin(_ record: LoginRecord) async throws
    func lastLogin(userID: String) async throws -> LoginRecord?
}
