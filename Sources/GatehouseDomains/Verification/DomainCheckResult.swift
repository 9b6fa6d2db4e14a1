public import struct Foundation.Date

/// The copyable fix: `Type | Host | Value`, with the host both as FQDN and as typed into a provider's form that
/// appends the zone.
public struct DomainFix: Hashable, Sendable {
    public let type: String
    /// `_gatehouse-challenge.example.com.` (trailing dot: absolute).
    public let fqdn: String
    /// `_gatehouse-challenge` (relative to `zone`): what to type when the provider appends the zone.
    public let relativeHost: String
    public let zone: String
    public let value: String
    /// Records to delete first (a doubled name, a stale value), if any.
    public let remove: [String]
}

/// Everything one check learned: the verdict, why, every server's answer, and when to look again.
public struct DomainCheckResult: Hashable, Sendable {
    public let domain: String
    public let recordName: String
    public let expected: String
    public let diagnosis: DomainDiagnosis
    /// TXT records at the record name, as the deciding server(s) returned them.
    public let found: [FoundTXT]
    /// The resolver first, then each authoritative server.
    public let observations: [ServerObservation]
    public let checkedAt: Date
    /// When asking again can give a different answer (cached negative answer or old value expires). Nil when verified.
    public let retryAfter: Date?
    /// The zone the record lives in, when DNS told us (SOA owner or NS query); else the domain.
    public let zone: String
    /// For platform admins only: the organization whose token was found (``DomainDiagnosis/Code/foreignToken``).
    public let foreignOrganization: String?
    public let fix: DomainFix?

    public var status: DomainCheckStatus { diagnosis.status }
    public var verified: Bool { diagnosis.status == .verified }

    public init(
        domain: String, recordName: String, expected: String, diagnosis: DomainDiagnosis, found: [FoundTXT],
        observations: [ServerObservation], checkedAt: Date, retryAfter: Date?, zone: String,
        foreignOrganization: String?, fix: DomainFix?
    ) {
        self.domain = domain
        self.recordName = recordName
        self.expected = expected
        self.diagnosis = diagnosis
        self.found = found
        self.observations = observations
        self.checkedAt = checkedAt
        self.retryAfter = retryAfter
        self.zone = zone
        self.foreignOrganization = foreignOrganization
        self.fix = fix
    }
}
