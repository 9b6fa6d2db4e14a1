public import struct Foundation.Date
import Synchronization

/// A few ``SQLiteSessionReader``s handed out round-robin, so concurrent lookups on several cores do not queue on
/// one lock, and the ``SessionIdentityCache`` in front of them (valid only while the database is unchanged).
final class SQLiteSessionReaders: ImmediateSessionLookup {
    private let readers: [SQLiteSessionReader]
    private let next = Atomic<Int>(0)
    private let cache: SessionIdentityCache
    private let reads = Atomic<Int>(0)
    /// Identity lookups that went to the database (tests: the cache is used, and bypassed after a commit).
    var databaseReads: Int { reads.load(ordering: .relaxed) }

    init(path: String, count: Int, busyTimeoutMilliseconds: Int) throws {
        var readers: [SQLiteSessionReader] = []
        do {
            for _ in 0..<max(1, count) {
                readers.append(try SQLiteSessionReader(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds))
            }
        } catch {
            readers.forEach { $0.close() }
            throw error
        }
        self.readers = readers
        // The change counter needs a WAL database (its `-shm` file); anything else runs without the cache.
        let wal = (try? readers[0].journalMode()) == "wal"
        cache = SessionIdentityCache(counter: wal ? SQLiteChangeCounter(databasePath: path) : nil)
    }

    func session(idHash: String) throws -> SessionRecord? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return try readers[index & Int.max % readers.count].session(idHash: idHash)
    }

    func sessionIdentity(idHash: String) throws -> SessionIdentityRecord? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return try readers[index & Int.max % readers.count].sessionIdentity(idHash: idHash)
    }

    func activeSessionIdentityImmediately(token: String, now: Date) throws -> SessionIdentityRecord? {
        let idHash = OpaqueToken.hash(token)
        let found: SessionIdentityRecord?
        switch cache.lookup(idHash: idHash) {
        case .hit(let record):
            found = record
        case .miss(let version):
            let readAt = ContinuousClock.now
            reads.add(1, ordering: .relaxed)
            found = try sessionIdentity(idHash: idHash)
            if let version, let found { cache.store(idHash: idHash, record: found, version: version, readAt: readAt) }
        }
        guard let found, found.session.isActive(at: now) else { return nil }
        return found
    }

    func close() {
        cache.close()  // unmap before the connections that keep `-shm` alive close
        readers.forEach { $0.close() }
    }
}
