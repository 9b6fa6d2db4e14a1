import Foundation

enum ISOTime {
    static func string(_ date: Date) -> String { date.formatted(.iso8601) }
}
