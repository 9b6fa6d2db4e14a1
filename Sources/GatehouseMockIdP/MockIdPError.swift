public import GatehouseCore

/// Why the mock IdP refused a request or a configuration (`mockidp.*`). These are the mock's own errors;
/// the errors a scenario should make the *gateway* raise are listed on each `Scenario`.
public struct MockIdPError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            /// A test key or certificate in certs/ cannot be read.
            case keyUnreadable = "mockidp.key_unreadable"
            /// xmlsec could not sign (or encrypt) the built response.
            case signingFailed = "mockidp.signing_failed"
            /// No scenario has that name (see gatehouse mock-idp --list-scenarios).
            case unknownScenario = "mockidp.unknown_scenario"
            /// No user with that name or email in the mock's directory.
            case unknownUser = "mockidp.unknown_user"
            /// The AuthnRequest's issuer or ACS is not a registered SP (what a real IdP answers too).
            case unknownServiceProvider = "mockidp.unknown_sp"
            /// A malformed AuthnRequest or OAuth request: answered as a real IdP would, never a crash.
            case malformedRequest = "mockidp.malformed_request"
            /// The users file (YAML/JSON) cannot be read.
            case directoryUnreadable = "mockidp.directory_unreadable"
            /// No tenant (issuer path) with that name.
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
