import Foundation
import GatehouseCore
import NIOConcurrencyHelpers

/// A clock tests move by hand.
final class ManualClock: GatehouseClock {
    private let instant: NIOLockedValueBox<Date>

    init(_ start: Date) { instant = NIOLockedValueBox(start) }

    func now() -> Date { instant.withLockedValue { $0 } }
    func set(_ date: Date) { instant.withLockedValue { $0 = date } }
    func advance(_ seconds: TimeInterval) { instant.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
}
