public import Foundation

/// A `--since`/`--until` value: an ISO 8601 instant, or a duration before now (`90s`, `30m`, `24h`, `7d`, `2w`).
///
/// ```swift
/// try AuditTimeExpression.parse("7d", now: clock.now())   // seven days ago
/// try AuditTimeExpression.parse("2026-01-31T12:00:00Z", now: clock.now())
/// ```
public enum AuditTimeExpression {
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// The instant `text` names, relative durations counted back from `now`. Throws `audit.invalid_time`.
    public static func parse(_ text: String, now: Date) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let unit = trimmed.last, let scale = units[unit] {
            let digits = trimmed.dropLast()
            if !digits.isEmpty, digits.count <= 7, digits.allSatisfy(\.isASCII), let amount = Int(digits), amount >= 0 {
                return now.addingTimeInterval(-Double(amount) * scale)
            }
        }
        if let date = instant(trimmed) { return date }
        throw AuditError.invalidTime(text)
    }

    static func instant(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
