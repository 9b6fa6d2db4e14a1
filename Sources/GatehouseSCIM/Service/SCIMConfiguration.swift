/// A per-token request rate: a token bucket that refills at `requestsPerSecond` up to `burst`.
public struct SCIMRateLimit: Sendable, Hashable {
    public var requestsPerSecond: Double
    public var burst: Double

    public init(requestsPerSecond: Double, burst: Double) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }

    /// 50 requests a second, bursts of 200: above what Entra (a few per second) and Okta (rate-limited itself)
    /// send, low enough that a leaked token cannot hammer the database.
    public static let standard = SCIMRateLimit(requestsPerSecond: 50, burst: 200)
    /// No limit (benchmarks).
    /// - Warning: a leaked or runaway token can then load the database without bound.
    public static let unlimited = SCIMRateLimit(requestsPerSecond: .infinity, burst: .infinity)
}

/// How the SCIM `roles` attribute relates to the user's workspace role (`DirectoryUser.role`).
public struct SCIMRolesMode: Sendable, Hashable {
    enum Base: Sendable, Hashable { case opaque, workspaceRole }
    let base: Base

    /// `roles` is stored and returned as the IdP sent it; the workspace role comes from Gatehouse's role mapping and
    /// SCIM never changes it (the default). A `roles` value `primary_owner` is still refused.
    public static let opaque = SCIMRolesMode(base: .opaque)
    /// The primary (or only) `roles` value becomes the workspace role, and `roles` is returned as
    /// `[{"value": <role>, "primary": true}]`. The Primary Owner's role cannot be changed, nor granted.
    /// - Warning: the IdP can then give any user any role other than `primary_owner`, bypassing the role mapping.
    public static let workspaceRole = SCIMRolesMode(base: .workspaceRole)
}

/// Service limits and settings; every default is documented in docs/scim.md.
public struct SCIMConfiguration: Sendable {
    /// The public URL of the SCIM base, without a trailing slash (`https://sso.example.com/scim/v2`): used in
    /// `meta.location`, `Location` and `$ref`.
    public var baseURL: String
    /// Largest request body (default 1 MiB); larger → 413.
    public var maxBodyBytes: Int
    /// Most operations in one PATCH (default 1000). One `add` of 1,000 members is one operation.
    public var maxPatchOperations: Int
    /// Most values one PATCH may add or remove in total (default 10,000).
    public var maxPatchValues: Int
    /// Largest `count` (default and maximum page size, 1000); larger values are clamped (RFC 7644 §3.4.2.4).
    public var maxResults: Int
    /// Page size when `count` is absent (default 100).
    public var defaultCount: Int
    public var filterLimits: SCIMFilterLimits
    public var rateLimit: SCIMRateLimit
    /// How often a token's `last_used_at` is written (default 60 s): reads never wait for a commit.
    public var tokenTouchInterval: Double
    /// The role name of the Primary Owner (GatehousePolicy `Role.primaryOwner.name`).
    public var primaryOwnerRole: String
    /// The role given to users SCIM creates (without a `roles` value in ``SCIMRolesMode/workspaceRole``).
    public var defaultRole: String
    public var rolesMode: SCIMRolesMode

    public init(
        baseURL: String, maxBodyBytes: Int = 1 << 20, maxPatchOperations: Int = 1000, maxPatchValues: Int = 10_000,
        maxResults: Int = 1000, defaultCount: Int = 100, filterLimits: SCIMFilterLimits = .init(),
        rateLimit: SCIMRateLimit = .standard, tokenTouchInterval: Double = 60, primaryOwnerRole: String = "primary_owner",
        defaultRole: String = "member", rolesMode: SCIMRolesMode = .opaque
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.maxBodyBytes = maxBodyBytes
        self.maxPatchOperations = maxPatchOperations
        self.maxPatchValues = maxPatchValues
        self.maxResults = maxResults
        self.defaultCount = defaultCount
        self.filterLimits = filterLimits
        self.rateLimit = rateLimit
        self.tokenTouchInterval = tokenTouchInterval
        self.primaryOwnerRole = primaryOwnerRole
        self.defaultRole = defaultRole
        self.rolesMode = rolesMode
    }
}

/// The org's rule for group names (e.g. GatehousePolicy `RoleMappingPolicy.requiredGroupPrefix`). Returns why
/// `groupName` is not allowed in the org, or nil when it is.
public protocol SCIMGroupNameRule: Sendable {
    func violation(organizationID: String, groupName: String) async -> String?
}

/// Any group name is allowed.
public struct SCIMAnyGroupName: SCIMGroupNameRule {
    public init() {}
    public func violation(organizationID: String, groupName: String) async -> String? { nil }
}

/// A rule from a closure, so the gateway can look up the org's policy:
///
/// ```swift
/// SCIMGroupNameClosure { org, name in
///     guard let prefix = policies[org]?.requiredGroupPrefix, !name.hasPrefix(prefix) else { return nil }
///     return "group names in this organization must start with '\(prefix)'"
/// }
/// ```
public struct SCIMGroupNameClosure: SCIMGroupNameRule {
    let body: @Sendable (String, String) async -> String?
    public init(_ body: @escaping @Sendable (_ organizationID: String, _ groupName: String) async -> String?) { self.body = body }
    public func violation(organizationID: String, groupName: String) async -> String? { await body(organizationID, groupName) }
}

/// Every org requires the same prefix (case-sensitive).
public struct SCIMGroupNamePrefix: SCIMGroupNameRule {
    public let prefix: String
    public init(_ prefix: String) { self.prefix = prefix }
    public func violation(organizationID: String, groupName: String) async -> String? {
        groupName.hasPrefix(prefix) ? nil : "group names in this organization must start with '\(prefix)' (e.g. '\(prefix)engineering')"
    }
}
