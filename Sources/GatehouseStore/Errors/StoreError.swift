public import GatehouseCore

/// Why the store refused or could not answer. Codes are API (`store.unavailable`, `store.schema_too_new`, …).
///
/// `description` is browser-safe (the code only); `reason` is for the IT admin (expected vs received, the engine's
/// own message, never a secret or a bound value).
public struct StoreError: GatehouseError, Hashable, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            /// The database is down, busy or timed out: the request fails closed (HTTP 503); the store reconnects by itself.
            case unavailable = "store.unavailable"
            /// The database schema is newer than this binary knows; both versions are named. Upgrade the binary.
            case schemaTooNew = "store.schema_too_new"
            /// A migration could not be applied; nothing of it was kept.
            case migrationFailed = "store.migration_failed"
            /// A unique or foreign-key constraint refused the write (e.g. a domain already verified by another org).
            case conflict = "store.conflict"
            /// The record does not exist.
            case notFound = "store.not_found"
            /// The database location is neither a SQLite path nor a postgres:// URL.
            case invalidLocation = "store.invalid_location"
            /// A sealed secret must be read but GATEHOUSE_SECRET_KEY is not set.
            case secretKeyMissing = "store.secret_key_missing"
            /// A sealed secret does not open with the configured key (wrong key, or tampered row).
            case secretUndecryptable = "store.secret_undecryptable"
            /// A stored row cannot be decoded.
            case corruptRow = "store.corrupt_row"
            /// The engine refused a query for another reason; its message is in the reason.
            case queryFailed = "store.query_failed"
        }
        let base: Base
        public static let unavailable = Code(base: .unavailable)
        public static let schemaTooNew = Code(base: .schemaTooNew)
        public static let migrationFailed = Code(base: .migrationFailed)
        public static let conflict = Code(base: .conflict)
        public static let notFound = Code(base: .notFound)
        public static let invalidLocation = Code(base: .invalidLocation)
        public static let secretKeyMissing = Code(base: .secretKeyMissing)
        public static let secretUndecryptable = Code(base: .secretUndecryptable)
        public static let corruptRow = Code(base: .corruptRow)
        public static let queryFailed = Code(base: .queryFailed)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    public let reason: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }
    public var debugDescription: String { "\(code): \(reason) [\(file):\(line)]" }

    init(_ kind: Code, _ reason: String, file: String, line: UInt) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    public static func unavailable(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.unavailable, "database unavailable: \(what)", file: file, line: line)
    }
    public static func schemaTooNew(database: Int, binary: Int, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.schemaTooNew,
             "database schema version \(database) is newer than this binary knows (\(binary)); upgrade gatehouse",
             file: file, line: line)
    }
    public static func migrationFailed(version: Int, _ detail: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.migrationFailed, "migration \(version) failed: \(detail)", file: file, line: line)
    }
    public static func conflict(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.conflict, what, file: file, line: line)
    }
    public static func notFound(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.notFound, "\(what) does not exist", file: file, line: line)
    }
    public static func invalidLocation(_ text: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidLocation, text, file: file, line: line)
    }
    public static func secretKeyMissing(_ variable: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.secretKeyMissing,
             "storing or reading an encrypted secret needs a 32-byte base64 key in $\(variable); it is not set or not 32 bytes",
             file: file, line: line)
    }
    public static func secretUndecryptable(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.secretUndecryptable, what, file: file, line: line)
    }
    public static func corruptRow(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.corruptRow, what, file: file, line: line)
    }
    public static func queryFailed(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.queryFailed, what, file: file, line: line)
    }
}
