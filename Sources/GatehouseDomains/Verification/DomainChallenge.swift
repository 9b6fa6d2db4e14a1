/// Where the TXT record lives and what it contains. Defaults: `_gatehouse-challenge` and
/// `gatehouse-domain-verification=`.
public struct DomainChallengeFormat: Hashable, Sendable {
    /// The label put in front of the domain: `_gatehouse-challenge` → `_gatehouse-challenge.example.com`.
    public var recordLabel: String
    /// What precedes the token in the TXT value.
    public var valuePrefix: String

    public init(recordLabel: String = "_gatehouse-challenge", valuePrefix: String = "gatehouse-domain-verification=") {
        self.recordLabel = DomainName.normalize(recordLabel)
        self.valuePrefix = valuePrefix
    }

    public static let standard = DomainChallengeFormat()
}

/// One org's challenge for one domain: the record name and the exact value expected there.
public struct DomainChallenge: Hashable, Sendable {
    public let domain: String
    public let token: String
    public let format: DomainChallengeFormat

    /// Validates the domain (``DomainError/invalidDomain(_:reason:file:line:)``) and the token (printable ASCII,
    /// 8…128 bytes, no quotes or spaces).
    public init(domain: String, token: String, format: DomainChallengeFormat = .standard) throws(DomainError) {
        let d = DomainName.normalize(domain)
        if let problem = DomainName.problem(with: d) { throw .invalidDomain(domain, reason: problem) }
        if d.hasPrefix(format.recordLabel + ".") {
            throw .invalidDomain(domain, reason: "give the domain itself, not the record name '\(format.recordLabel).…'")
        }
        guard (8...128).contains(token.utf8.count),
            token.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 34 && $0 != 92 })
        else {
            throw .invalidToken(reason: "the token must be 8 to 128 printable ASCII characters without spaces, quotes or backslashes")
        }
        if let problem = DomainName.problem(with: format.recordLabel + "." + d) {
            throw .invalidDomain(format.recordLabel + "." + d, reason: problem)
        }
        self.domain = d
        self.token = token
        self.format = format
    }

    /// `_gatehouse-challenge.example.com` (no trailing dot).
    public var recordName: String { format.recordLabel + "." + domain }
    /// `gatehouse-domain-verification=<token>`.
    public var expectedValue: String { format.valuePrefix + token }
}

/// Tokens other than the current one that may turn up in DNS, so a mismatch can be named precisely.
public struct KnownTokens: Sendable, Hashable {
    /// Earlier tokens of the same org for this domain (re-issued challenges).
    public var previous: Set<String>
    /// Tokens issued to other organizations for this domain: token → organization ID. Never shown to non-admins.
    public var otherOrganizations: [String: String]

    public init(previous: Set<String> = [], otherOrganizations: [String: String] = [:]) {
        self.previous = previous
        self.otherOrganizations = otherOrganizations
    }
}
