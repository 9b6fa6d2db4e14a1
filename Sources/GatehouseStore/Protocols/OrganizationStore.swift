/// Organizations, their IdP connections and roles.
public protocol OrganizationStore: Sendable {
    func createOrganization(_ organization: Organization) async throws
    func updateOrganization(_ organization: Organization) async throws
    func organization(id: String) async throws -> Organization?
    func organizations() async throws -> [Organization]

    /// Inserts or replaces a connection (keyed by `id`).
    func saveConnection(_ connection: IdPConnection) async throws
    func connection(id: String) async throws -> IdPConnection?
    func connections(organizationID: String) async throws -> [IdPConnection]
    @discardableResult func deleteConnection(id: String) async throws -> Bool

    /// Inserts or replaces a role (keyed by organization and name).
    func saveRole(_ role: OrganizationRole) async throws
    func roles(organizationID: String) async throws -> [OrganizationRole]
}
