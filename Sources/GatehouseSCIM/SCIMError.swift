public import GatehouseCore

/// Why a SCIM request was refused. Codes are API (`scim.invalid_filter`, `scim.uniqueness`, …); each maps to an
/// HTTP status and an RFC 7644 `scimType` in the error body the service returns.
///
/// `reason` is the `detail` of the SCIM error body: it names what was expected and what arrived, never a token.
public struct SCIMError: GatehouseError, Hashable, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            /// The bearer token is missing, malformed, unknown or revoked (HTTP 401, `WWW-Authenticate: Bearer`).
            case unauthorized = "scim.unauthorized"
            /// The token is valid but may not do this, e.g. deactivate, delete or re-role the Primary Owner (HTTP 403).
            case forbidden = "scim.forbidden"
            /// The Primary Owner cannot be deactivated, deleted or have its role changed through SCIM (HTTP 403).
            case primaryOwnerProtected = "scim.primary_owner_protected"
            /// The `filter` does not parse, is too long or too deep, or names an unsupported operator (HTTP 400, `invalidFilter`).
            case invalidFilter = "scim.invalid_filter"
            /// The body is not JSON, or is not a SCIM message of the expected schema (HTTP 400, `invalidSyntax`).
            case invalidSyntax = "scim.invalid_syntax"
            /// An attribute path does not parse or names an unknown attribute (HTTP 400, `invalidPath`).
            case invalidPath = "scim.invalid_path"
            /// A value has the wrong type, is missing where required, or breaks the org's group-name rule (HTTP 400, `invalidValue`).
            case invalidValue = "scim.invalid_value"
            /// A PATCH path with a value filter matched nothing where a match is required (HTTP 400, `noTarget`).
            case noTarget = "scim.no_target"
            /// The request changes a read-only or immutable attribute (HTTP 400, `mutability`).
            case mutability = "scim.mutability"
            /// userName, externalId or group displayName is already taken in the org (HTTP 409, `uniqueness`).
            case uniqueness = "scim.uniqueness"
            /// No such resource in the token's organization (HTTP 404).
            case notFound = "scim.not_found"
            /// The `If-Match` ETag is not the resource's current version (HTTP 412).
            case preconditionFailed = "scim.precondition_failed"
            /// Too many PATCH operations, or a `count` / filter beyond the service's limits (HTTP 400, `tooMany`).
            case tooMany = "scim.too_many"
            /// The body is larger than the configured limit (HTTP 413).
            case payloadTooLarge = "scim.payload_too_large"
            /// The token exceeded its request rate; retry after the `Retry-After` seconds (HTTP 429).
            case rateLimited = "scim.rate_limited"
            /// The endpoint or method is not supported, e.g. `/Bulk` or `/Me` (HTTP 501 or 405).
            case notImplemented = "scim.not_implemented"
            /// The store failed (database down or busy): nothing was changed; the IdP retries (HTTP 503).
            case unavailable = "scim.unavailable"
        }
        let base: Base
        public static let unauthorized = Code(base: .unauthorized)
        public static let forbidden = Code(base: .forbidden)
        public static let primaryOwnerProtected = Code(base: .primaryOwnerProtected)
        public static let invalidFilter = Code(base: .invalidFilter)
        public static let invalidSyntax = Code(base: .invalidSyntax)
        public static let invalidPath = Code(base: .invalidPath)
        public static let invalidValue = Code(base: .invalidValue)
        public static let noTarget = Code(base: .noTarget)
        public static let mutability = Code(base: .mutability)
        public static let uniqueness = Code(base: .uniqueness)
        public static let notFound = Code(base: .notFound)
        public static let preconditionFailed = Code(base: .preconditionFailed)
        public static let tooMany = Code(base: .tooMany)
        public static let payloadTooLarge = Code(base: .payloadTooLarge)
        public static let rateLimited = Code(base: .rateLimited)
        public static let notImplemented = Code(base: .notImplemented)
        public static let unavailable = Code(base: .unavailable)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    public let reason: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }
    public var debugDescription: String { "\(code): \(reason) [\(file):\(line)]" }

    public init(_ kind: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    /// The HTTP status RFC 7644 §3.12 gives this error.
    public var status: Int {
        switch kind.base {
        case .unauthorized: 401
        case .forbidden, .primaryOwnerProtected: 403
        case .invalidFilter, .invalidSyntax, .invalidPath, .invalidValue, .noTarget, .mutability, .tooMany: 400
        case .uniqueness: 409
        case .notFound: 404
        case .preconditionFailed: 412
        case .payloadTooLarge: 413
        case .rateLimited: 429
        case .notImplemented: 501
        case .unavailable: 503
        }
    }

    /// The RFC 7644 `scimType`, when the status is 400 or 409.
    public var scimType: String? {
        switch kind.base {
        case .invalidFilter: "invalidFilter"
        case .invalidSyntax: "invalidSyntax"
        case .invalidPath: "invalidPath"
        case .invalidValue: "invalidValue"
        case .noTarget: "noTarget"
        case .mutability: "mutability"
        case .uniqueness: "uniqueness"
        case .tooMany: "tooMany"
        default: nil
        }
    }
}
