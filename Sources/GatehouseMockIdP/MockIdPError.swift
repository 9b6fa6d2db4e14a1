public import GatehouseCore

/// Why the mock IdP refused a request or a configuration (`mockidp.*`). These are the mock's own errors;
/// the errors a scenario should make the *gateway* raise are listed on each `Scenario`.
public struct MockIdPError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case keyUnreadable = "mockidp.key_unreadable"
            case signingFailed = "mockidp.signing_failed"
            case unknownScenario = "mockidp.unknown_scenario"
            case unknownUser = "mockidp.unknown_user"
            case unknownServiceProvider = "mockidp.unknown_sp"
            case malformedRequest = "mockidp.malformed_request"
            case directoryUnreadable = "mockidp.directory_unreadable"
            case unknownTenant = "mockidp.unknown_tenant"
        }
        let base: Base
        public static let keyUnreadable = Code(base: .keyUnreadable)
        public static let signingFailed = Code(base: .signingFailed)
        public static let unknownScenario = Code(base: .unknownScenario)
        public static let unknownUser = Code(base: .unknownUser)
        public static let unknownServiceProvider = Code(base: .unknownServiceProvider)
        public static let malformedRequest = Code(base: .malformedRequest)
        public static let directoryUnreadable = Code(base: .directoryUnreadable)
        public static let unknownTenant = Code(base: .unknownTenant)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    public let reason: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }

    init(_ kind: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }
}
