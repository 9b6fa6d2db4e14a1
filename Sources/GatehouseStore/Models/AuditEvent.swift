public import struct Foundation.Date

/// One security event. `sequence` is assigned by the store (monotonic per database) and orders exports.
///
/// Events carry no secrets and no whole assertions: `detailsJSON` is for codes, names and counts.
public struct AuditEvent: Sendable, Hashable {
    public var sequence: Int64
    public var organizationID: String
    public var occurredAt: Date
    public var actor: String
    public var action: String
    public var target: String
    /// `success` or `failure`.
    public var result: String
    /// The error code of a failure (`saml.audience_mismatch`), or empty.
    public var code: String
    public var requestID: String
    public var sourceIP: String
    public var userAgent: String
    public var detailsJSON: String

    public init(
        sequence: Int64 = 0, organizationID: String, occurredAt: Date, actor: String, action: String,
        target: String = "", result: String = "success", code: String = "", requestID: String = "",
        sourceIP: String = "", userAgent: String = "", detailsJSON: String = "{}"
    ) {
        self.sequence = sequence
        self.organizationID = organizationID
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.target = target
        self.result = result
        self.code = code
        self.requestID = requestID
        self.sourceIP = sourceIP
        self.userAgent = userAgent
        self.detailsJSON = detailsJSON
    }
}
