public import Foundation

/// How long an organization keeps its audit events: `forever`, or a number of days (30 and 90 are the offered
/// choices; 0 keeps nothing once delivered).
///
/// Retention never deletes an event still waiting in the SIEM outbox: undelivered events are kept until delivered,
/// whatever the setting.
public struct AuditRetention: Hashable, Sendable, CustomStringConvertible {
    enum Base: Hashable, Sendable { case forever, days(Int) }
    let base: Base

    /// Keep every event (the default).
    public static let forever = Self(base: .forever)
    /// Keep events for `days` days (30 and 90 are the offered choices).
    /// - Warning: `days(0)` deletes every event at the next retention run once it is delivered (or at once when the
    ///   organization has no webhook); the export then has nothing to show.
    public static func days(_ days: Int) -> Self { Self(base: .days(max(0, days))) }
    /// `days(0)`: nothing is kept beyond delivery to the SIEM.
    public static let deleteAfterDelivery = days(0)

    /// `forever`, or a whole number of days (`30`, `90d`, `0`); throws `audit.invalid_retention`.
    public init(parsing text: String) throws {
        let trimmed = text.lowercased()
        if trimmed == "forever" || trimmed == "keep" { self = .forever; return }
        let digits = trimmed.hasSuffix("d") ? String(trimmed.dropLast()) : trimmed
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), let days = Int(digits), days >= 0 else {
            throw AuditError.invalidRetention(text)
        }
        self = .days(days)
    }

    init(base: Base) { self.base = base }

    /// Events that occurred before this instant may be deleted; `nil` for `forever`.
    public func cutoff(now: Date) -> Date? {
        switch base {
        case .forever: nil
        case .days(let days): now.addingTimeInterval(-TimeInterval(days) * 86_400)
        }
    }

    public var description: String {
        switch base {
        case .forever: "forever"
        case .days(let days): "\(days)d"
        }
    }
}
