public import GatehouseCore

/// Rejections of the domain module: bad input and ownership conflicts. DNS outcomes are not errors; they are
/// ``DomainCheckResult``s with a ``DomainDiagnosis``.
public struct DomainError: GatehouseError, Hashable, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            /// The domain is not a host name Gatehouse can verify.
            case invalidDomain = "domain.invalid_domain"
            /// The token is not 8–128 printable ASCII characters without spaces, quotes or backslashes.
            case invalidToken = "domain.invalid_token"
            /// A nameserver is not HOST:PORT with a literal IP address.
            case invalidNameserver = "domain.invalid_nameserver"
            /// The domain is verified (or in its grace period) for another organization.
            case ownershipConflict = "domain.ownership_conflict"
            /// The organization has no claim on the domain.
            case notClaimed = "domain.not_claimed"
        }
        let base: Base
        public static let invalidDomain = Code(base: .invalidDomain)
        public static let invalidToken = Code(base: .invalidToken)
        public static let invalidNameserver = Code(base: .invalidNameserver)
        public static let ownershipConflict = Code(base: .ownershipConflict)
        public static let notClaimed = Code(base: .notClaimed)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    public let reason: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }
    public var debugDescription: String { "\(code): \(reason) [\(file):\(line)]" }
    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    public static func invalidDomain(_ domain: String, reason: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(kind: .invalidDomain, reason: "'\(domain.prefix(300))' is not a domain Gatehouse can verify: \(reason)", file: file, line: line)
    }

    public static func invalidToken(reason: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(kind: .invalidToken, reason: reason, file: file, line: line)
    }

    public static func invalidNameserver(_ text: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(
            kind: .invalidNameserver,
            reason: "nameserver '\(text.prefix(100))' is not HOST:PORT with a literal IP address, e.g. 127.0.0.1:15353 or [::1]:53",
            file: file, line: line)
    }

    /// Who reads the message: an admin of the platform may learn which organization holds a domain; anyone else
    /// may not.
    public enum Audience: Sendable { case platformAdmin, organizationMember }

    /// The domain is verified by another organization. The member variant does not name that organization.
    public static func ownershipConflict(
        domain: String, owner: String, audience: Audience, file: String = #fileID, line: UInt = #line
    ) -> Self {
        let reason =
            switch audience {
            case .platformAdmin:
                "\(domain) is already verified by organization '\(owner)'; it cannot be claimed by another organization until that verification lapses or is released"
            case .organizationMember:
                "\(domain) is already verified by another organization; ask your Gatehouse administrator to check who holds it before claiming it"
            }
        return Self(kind: .ownershipConflict, reason: reason, file: file, line: line)
    }

    public static func notClaimed(domain: String, organization: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(kind: .notClaimed, reason: "organization '\(organization)' has no claim on \(domain); claim it first to get a token", file: file, line: line)
    }
}
