import Foundation

/// The redaction guard every event's details pass through before they are stored: no secrets, no whole assertions,
/// bounded size.
///
/// - Keys that name credentials are dropped (case, `-`, `_` and `.` ignored): `SAMLResponse`, `SAMLRequest`,
///   `assertion`, `id_token`, `access_token`, `refresh_token`, any key ending in `token`, `code`, `code_verifier`,
///   `client_secret`, any key containing `secret`, `password`, `cookie`, `authorization`, `private_key`, `api_key`.
///   Their names are listed under `_redacted`, so a reader knows something was removed.
/// - String values that look like a JWT (`eyJ….….`) or contain SAML XML are replaced by `[redacted]`, whatever their key.
/// - Strings are cut at ``maximumStringLength`` characters, lists at ``maximumListCount`` elements, nesting at
///   ``maximumDepth``; if the JSON is still over ``maximumBytes``, the largest fields are dropped and `_truncated`
///   is set.
///
/// - Warning: the guard is a safety net, not a licence: callers pass codes, names and IDs, never raw protocol messages.
public struct AuditRedactor: Sendable {
    public var maximumBytes: Int
    public var maximumStringLength: Int
    public var maximumListCount: Int
    public var maximumDepth: Int

    public init(maximumBytes: Int = 4096, maximumStringLength: Int = 512, maximumListCount: Int = 50, maximumDepth: Int = 4) {
        self.maximumBytes = maximumBytes
        self.maximumStringLength = maximumStringLength
        self.maximumListCount = maximumListCount
        self.maximumDepth = maximumDepth
    }

    static let redactedMarker = "[redacted]"
    static let exactKeys: Set<String> = ["code", "authcode", "authorizationcode", "codeverifier", "pkceverifier", "nonce"]
    static let containedKeys = [
        "samlresponse", "samlrequest", "assertion", "secret", "password", "passwd", "cookie", "authorization",
        "privatekey", "apikey", "bearer", "credential",
    ]

    /// Whether a details key names a credential or a protocol message.
    public static func isSensitiveKey(_ key: String) -> Bool {
        let normalized = String(key.lowercased().unicodeScalars.filter { !"-_. ".unicodeScalars.contains($0) })
        if exactKeys.contains(normalized) || normalized.hasSuffix("token") { return true }
        return containedKeys.contains { normalized.contains($0) }
    }

    /// Whether a string value looks like a JWT or SAML XML (redacted whatever its key).
    public static func isSensitiveValue(_ text: String) -> Bool {
        if text.hasPrefix("eyJ"), text.split(separator: ".", omittingEmptySubsequences: false).count >= 3 { return true }
        let lowered = text.lowercased()
        return lowered.contains("<saml") || lowered.contains(":assertion") || lowered.contains("<assertion")
            || lowered.contains("urn:oasis:names:tc:saml")
    }

    /// The details as compact JSON (keys sorted), redacted and within ``maximumBytes``.
    public func json(_ details: [String: AuditValue]) -> String {
        var cleaned = cleanObject(details, depth: 1)
        var text = Self.encode(cleaned)
        guard text.utf8.count > maximumBytes else { return text }
        // Drop the largest fields first until it fits (the marker itself is small).
        cleaned["_truncated"] = .bool(true)
        let sizes = cleaned.filter { $0.key != "_truncated" }.map { ($0.key, Self.encode([$0.key: $0.value]).utf8.count) }
        for (key, _) in sizes.sorted(by: { $0.1 > $1.1 }) {
            cleaned[key] = nil
            text = Self.encode(cleaned)
            if text.utf8.count <= maximumBytes { return text }
        }
        return Self.encode(["_truncated": .bool(true)])
    }

    /// Redacts details that arrive as JSON text (an object); anything else becomes `{"_invalid":true}`.
    public func json(redacting text: String) -> String {
        guard let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
              case .object(let fields)? = AuditValue(jsonObject: object)
        else { return Self.encode(["_invalid": .bool(true)]) }
        return json(fields)
    }

    func cleanObject(_ fields: [String: AuditValue], depth: Int) -> [String: AuditValue] {
        var out: [String: AuditValue] = [:]
        var dropped: [AuditValue] = []
        for (key, value) in fields {
            if Self.isSensitiveKey(key) {
                dropped.append(.string(String(key.prefix(64))))
                continue
            }
            out[String(key.prefix(64))] = clean(value, depth: depth)
        }
        if !dropped.isEmpty { out["_redacted"] = .list(dropped.sorted { "\($0)" < "\($1)" }) }
        return out
    }

    func clean(_ value: AuditValue, depth: Int) -> AuditValue {
        switch value {
        case .string(let text):
            if Self.isSensitiveValue(text) { return .string(Self.redactedMarker) }
            return .string(text.count > maximumStringLength ? String(text.prefix(maximumStringLength)) + "…" : text)
        case .int, .bool:
            return value
        case .list(let values):
            guard depth < maximumDepth else { return .string("[too deep]") }
            return .list(values.prefix(maximumListCount).map { clean($0, depth: depth + 1) })
        case .object(let fields):
            guard depth < maximumDepth else { return .string("[too deep]") }
            return .object(cleanObject(fields, depth: depth + 1))
        }
    }

    static func encode(_ fields: [String: AuditValue]) -> String {
        let object = fields.mapValues(\.jsonObject)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
