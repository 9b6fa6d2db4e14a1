package import GatehouseConfig
package import GatehousePolicy

/// One organization as the gateway serves it: its configuration, role mapper and connections in config order.
package struct OrganizationRuntime: Sendable {
    package let configuration: OrganizationConfiguration
    package let mapper: RoleMapper
    /// Enabled connections, in configuration order (the first one is where `/login` routes).
    package let connectionIDs: [String]

    package var id: String { configuration.id }
    package var name: String { configuration.name }

    package init(configuration: OrganizationConfiguration) throws(GatewayError) {
        self.configuration = configuration
        do {
            mapper = try RoleMapper(policy: configuration.roleMapping, domains: configuration.domains)
        } catch {
            throw GatewayError(.configInvalid, "organization '\(configuration.id)': \(error.code): \(error.reason)")
        }
        connectionIDs = configuration.connections.filter(\.enabled).map(\.id)
    }

    /// Break-glass accounts never go through SSO routing decisions made by enforcement.
    package func isBreakGlass(_ email: String) -> Bool {
        configuration.breakGlass.contains { $0.email.lowercased() == email.lowercased() }
    }
}
