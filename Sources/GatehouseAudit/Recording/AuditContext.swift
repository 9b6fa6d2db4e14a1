/// Where a request came from: copied into every event recorded for it.
public struct AuditContext: Sendable, Hashable {
    /// The request ID shown on error pages and in logs.
    public var requestID: String
    /// The client address as the gateway saw it (after trusted-proxy processing).
    public var sourceIP: String
    /// The browser's `User-Agent`, capped at 256 characters.
    public var userAgent: String

    public init(requestID: String = "", sourceIP: String = "", userAgent: String = "") {
        self.requestID = requestID
        self.sourceIP = sourceIP
        self.userAgent = String(userAgent.prefix(256))
    }

    /// Events from background work (SCIM sync jobs, domain re-checks, retention): no request.
    public static let system = AuditContext()
}
