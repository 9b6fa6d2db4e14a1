import Foundation

/// Times are stored as `BIGINT` milliseconds since 1970 (UTC) on both engines.
enum Millis {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    static func date(_ millis: Int64?) -> Date? { millis.map { date($0) } }
    static func now() -> Int64 { from(Date()) }
}
