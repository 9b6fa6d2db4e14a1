/// A value in an event's details: text, a number, a flag, or a list or object of those.
///
/// Details are for codes, names, IDs and counts. The ``AuditRedactor`` drops secrets and caps sizes before storage.
public enum AuditValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case list([AuditValue])
    case object([String: AuditValue])

    /// The value as a Foundation JSON object (for `JSONSerialization`).
    var jsonObject: Any {
        switch self {
        case .string(let text): text
        case .int(let number): number
        case .bool(let flag): flag
        case .list(let values): values.map(\.jsonObject)
        case .object(let fields): fields.mapValues(\.jsonObject)
        }
    }

    /// Converts a decoded JSON value back; `nil` for JSON `null`, which details never need.
    init?(jsonObject: Any) {
        switch jsonObject {
        case let text as String: self = .string(text)
        case let flag as Bool where type(of: jsonObject) == Bool.self: self = .bool(flag)
        case let number as Int64: self = .int(number)
        case let number as Int: self = .int(Int64(number))
        case let number as Double: self = .string(String(number))
        case let values as [Any]: self = .list(values.compactMap { AuditValue(jsonObject: $0) })
        case let fields as [String: Any]: self = .object(fields.compactMapValues { AuditValue(jsonObject: $0) })
        default: return nil
        }
    }
}

extension AuditValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: AuditValue...) { self = .list(elements) }
}
