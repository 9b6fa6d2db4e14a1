public import struct Foundation.Date
public import struct Foundation.TimeInterval
public import GatehouseCore
import Synchronization

/// The mock IdP's own clock: independent of the gateway's, so a test can put the IdP ahead or behind.
///
/// Frozen at an instant, or the system time; plus an offset that `advance(by:)` moves. Scenarios such as
/// `clock.idp-ahead(N)` add a further per-login offset on top.
public final class MockClock: GatehouseClock, Sendable {
    private struct State { var frozen: Date?; var offset: TimeInterval }
    private let state: Mutex<State>

    /// The system time (optionally offset).
    public init(offset: TimeInterval = 0) { state = Mutex(State(frozen: nil, offset: offset)) }
    /// Frozen at `instant` until `advance(by:)` or `set(_:)`.
    public init(frozenAt instant: Date) { state = Mutex(State(frozen: instant, offset: 0)) }

    public func now() -> Date {
        state.withLock { s in (s.frozen ?? Date()).addingTimeInterval(s.offset) }
    }
    public func advance(by seconds: TimeInterval) { state.withLock { $0.offset += seconds } }
    public func set(_ instant: Date) { state.withLock { $0 = State(frozen: instant, offset: 0) } }
}
