import Synchronization

/// Which logins an activated scenario applies to.
public enum ScenarioScope: Sendable, Hashable, Codable {
    /// The next login only.
    case once
    /// The next N logins.
    case next(Int)
    /// Every login of one user until reset.
    case user(String)
    /// Every login until reset.
    case sticky
}

/// Activated scenarios and the choice of which fire for a login. Thread-safe; `reset()` clears all.
public final class ScenarioEngine: Sendable {
    public struct Activation: Sendable, Hashable {
        public let id: Int
        public let scenarios: [ScenarioRef]
        public var scope: ScenarioScope
        public var remaining: Int?
    }

    private struct State { var activations: [Activation] = []; var nextID = 1 }
    private let state = Mutex(State())

    public init() {}

    /// Activates `refs` (all must be known) for `scope`; returns the activation's ID.
    @discardableResult
    public func activate(_ refs: [ScenarioRef], scope: ScenarioScope) throws -> Int {
        try Self.validate(refs)
        return state.withLock { s in
            let remaining: Int? = switch scope {
            case .once: 1
            case .next(let n): max(n, 1)
            case .user, .sticky: nil
            }
            let id = s.nextID
            s.nextID += 1
            s.activations.append(Activation(id: id, scenarios: refs, scope: scope, remaining: remaining))
            return id
        }
    }

    public var activations: [Activation] { state.withLock { $0.activations } }
    public func reset() { state.withLock { $0 = State() } }
    public func deactivate(id: Int) { state.withLock { $0.activations.removeAll { $0.id == id } } }

    /// The scenarios that fire for a login of `userID`, consuming `once`/`next(n)` activations.
    public func consume(forUser userID: String) -> [ScenarioRef] {
        state.withLock { s in
            var fired: [ScenarioRef] = []
            var kept: [Activation] = []
            for var a in s.activations {
                switch a.scope {
                case .sticky:
                    fired += a.scenarios; kept.append(a)
                case .user(let id):
                    if id == userID { fired += a.scenarios }
                    kept.append(a)
                case .once, .next:
                    fired += a.scenarios
                    a.remaining = (a.remaining ?? 1) - 1
                    if (a.remaining ?? 0) > 0 { kept.append(a) }
                }
            }
            s.activations = kept
            return fired
        }
    }

    /// Sticky scenarios only (for metadata, discovery and JWKS fetches, which are not logins).
    public func standing() -> [ScenarioRef] {
        state.withLock { $0.activations.filter { $0.scope == .sticky }.flatMap(\.scenarios) }
    }

    static func validate(_ refs: [ScenarioRef]) throws {
        for ref in refs where ScenarioCatalog.named(ref.name) == nil {
            throw MockIdPError(.unknownScenario, "no scenario named \(ref.name); `gatehouse mock-idp --list-scenarios` lists them")
        }
    }

    /// Applies `refs` to `plan` in order.
    static func apply(_ refs: [ScenarioRef], to plan: inout LoginPlan) {
        for ref in refs { ScenarioCatalog.named(ref.name)?.apply(to: &plan, parameter: ref.parameter) }
    }
}
