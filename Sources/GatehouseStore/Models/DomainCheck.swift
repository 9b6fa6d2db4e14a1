public import struct Foundation.Date

/// One verification attempt for a claimed domain: its outcome (`verified`, `domain.nxdomain`, …) and detail.
public struct DomainCheck: Sendable, Hashable {
    public var domain: String
    public var organizationID: String
    public var checkedAt: Date
    public var outcome: String
    public var detail: String

    public init(domain: String, organizationID: String, checkedAt: Date, outcome: String, detail: String = "") {
        self.domain = domain
        self.organizationID = organizationID
        self.checkedAt = checkedAt
        self.outcome = outcome
        self.detail = detail
    }
}
