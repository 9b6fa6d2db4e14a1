public import GatehouseCore

/// A configuration problem, naming the file, the line and the key path (`orgs[0].connections[1].issuer`).
public struct ConfigError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            case unreadable = "config.unreadable"
            case invalidYAML = "config.invalid_yaml"
            case missingKey = "config.missing_key"
            case unknownKey = "config.unknown_key"
            case invalidValue = "config.invalid_value"
            case duplicate = "config.duplicate"
            case secretUnset = "config.secret_unset"
        }
        let base: Base
        public static let unreadable = Code(base: .unreadable)
        public static let invalidYAML = Code(base: .invalidYAML)
        public static let missingKey = Code(base: .missingKey)
        public static let unknownKey = Code(base: .unknownKey)
        public static let invalidValue = Code(base: .invalidValue)
        public static let duplicate = Code(base: .duplicate)
        public static let secretUnset = Code(base: .secretUnset)
        public var description: String { base.rawValue }
        package static var allCodes: [String] { Base.allCases.map(\.rawValue) }
    }

    public let kind: Code
    /// `FILE:LINE: KEYPATH: what was expected, what was found`. Never contains secret values.
    public let reason: String
    /// The key path, e.g. `orgs[0].roleMapping.rules[2].role`.
    public let keyPath: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }

    public init(_ kind: Code, keyPath: String, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.keyPath = keyPath
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind && l.keyPath == r.keyPath }
    public func hash(into h: inout Hasher) {
        h.combine(kind)
        h.combine(keyPath)
    }
}
