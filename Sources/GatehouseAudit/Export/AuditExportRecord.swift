public import GatehouseStore
import Foundation

/// One event as exported and delivered: the documented fields, in order, rendered as a JSON object or a CSV row.
///
/// Fields: `time` (ISO 8601 UTC, ms), `actor`, `org`, `action`, `target`, `result`, `code`, `request_id`,
/// `source_ip`, `user_agent`, `details`, plus `sequence` (the store's order) and, in JSON, `id` (`org:sequence`,
/// the idempotency key the webhook also sends).
public struct AuditExportRecord: Sendable {
    public let event: AuditEvent

    public init(_ event: AuditEvent) { self.event = event }

    /// The CSV header row's column names.
    public static let csvColumns = [
        "time", "actor", "org", "action", "target", "result", "code", "request_id", "source_ip", "user_agent", "details",
        "sequence",
    ]

    /// `org:sequence`: unique per event, stable across redeliveries.
    public var id: String { "\(event.organizationID):\(event.sequence)" }

    var textFields: [(String, String)] {
        [
            ("time", AuditTimestamp.string(event.occurredAt)), ("actor", event.actor), ("org", event.organizationID),
            ("action", event.action), ("target", event.target), ("result", event.result), ("code", event.code),
            ("request_id", event.requestID), ("source_ip", event.sourceIP), ("user_agent", event.userAgent),
        ]
    }

    /// One JSON object on one line (no trailing newline), fields in the documented order; `details` is an object
    /// (a stored value that is not a JSON object is exported as a string).
    public var jsonObject: String {
        var out = "{\"id\":" + Self.quote(id)
        for (name, value) in textFields { out += ",\"\(name)\":" + Self.quote(value) }
        out += ",\"details\":" + (Self.isJSONObject(event.detailsJSON) ? event.detailsJSON : Self.quote(event.detailsJSON))
        out += ",\"sequence\":\(event.sequence)}"
        return out
    }

    /// One CSV record (no line end), RFC 4180 quoted and injection-safe (see ``AuditCSV``).
    public var csvRow: String {
        (textFields.map(\.1) + [event.detailsJSON, String(event.sequence)]).map(AuditCSV.cell).joined(separator: ",")
    }

    static func isJSONObject(_ text: String) -> Bool {
        guard text.hasPrefix("{"), text.hasSuffix("}"), !text.contains("\n") else { return false }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any]
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; `/` and non-ASCII kept.
    static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
