import Synchronization

/// Session + user rows recently read by ``SQLiteSessionReaders``, each valid only while the database is unchanged
/// since it was read: an entry carries the ``SQLiteChangeCounter`` version taken *before* its read, and is used
/// only while the current version still equals it. Any commit, by this process or any other sharing the file
/// (a logout, a SCIM deprovisioning, a `gatehouse` command, another gateway process), changes the version, so the
/// next lookup reads the database again: the cache never answers with data older than the last commit.
///
/// Defence in depth: an entry is also dropped after ``maxAge`` whatever the version says (the storage contract's
/// bound, revocation visible within one second), and the cache is cleared when it reaches ``capacity`` entries.
/// Unknown tokens are never cached (a spray of random cookies cannot fill it), and expiry is evaluated by the
/// caller at each use, not at caching time.
final class SessionIdentityCache: Sendable {
    static let maxAge: Duration = .milliseconds(500)
    static let capacity = 10_000

    private struct Entry {
        var version: SQLiteChangeCounter.Version
        var readAt: ContinuousClock.Instant
        var record: SessionIdentityRecord
    }

    private struct State: @unchecked Sendable {  // the counter's mapping is only touched under the lock
        var counter: SQLiteChangeCounter?
        var entries: [String: Entry] = [:]
    }

    private let state: Mutex<State>

    init(counter: SQLiteChangeCounter?) {
        state = Mutex(State(counter: counter))
    }

    /// The outcome of ``lookup(idHash:)``.
    enum Lookup {
        /// Still valid: use it.
        case hit(SessionIdentityRecord)
        /// Read the database, then ``store(idHash:record:version:)`` with this version (nil: do not cache).
        case miss(SQLiteChangeCounter.Version?)
    }

    func lookup(idHash: String) -> Lookup {
        state.withLock { state in
            guard let version = state.counter?.current() else { return .miss(nil) }
            guard let entry = state.entries[idHash] else { return .miss(version) }
            guard entry.version == version, ContinuousClock.now - entry.readAt < Self.maxAge else {
                state.entries[idHash] = nil
                return .miss(version)
            }
            return .hit(entry.record)
        }
    }

    /// Remembers `record`, read after ``lookup(idHash:)`` returned `version`.
    func store(idHash: String, record: SessionIdentityRecord, version: SQLiteChangeCounter.Version, readAt: ContinuousClock.Instant) {
        state.withLock { state in
            guard state.counter != nil else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[idHash] = Entry(version: version, readAt: readAt, record: record)
        }
    }

    /// Unmaps the counter and forgets everything; later lookups always miss.
    func close() {
        state.withLock { state in
            state.counter?.unmap()
            state.counter = nil
            state.entries.removeAll()
        }
    }
}
