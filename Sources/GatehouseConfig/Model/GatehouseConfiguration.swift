/// The whole Gatehouse configuration (`config/gatehouse.yaml`): server settings and organizations.
///
/// Load with ``GatehouseConfiguration/load(path:)`` or ``GatehouseConfiguration/parse(yaml:file:)``; every
/// error names the file, line and key path. Unknown keys are errors (a typo such as `enforce:` must not
/// silently leave a setting at its default).
public struct GatehouseConfiguration: Hashable, Sendable {
    public var server: ServerConfiguration
    public var orgs: [OrganizationConfiguration]

    public init(server: ServerConfiguration = ServerConfiguration(), orgs: [OrganizationConfiguration] = []) {
        self.server = server
        self.orgs = orgs
    }

    /// The organization with this id.
    public func org(_ id: String) -> OrganizationConfiguration? { orgs.first { $0.id == id } }
}
