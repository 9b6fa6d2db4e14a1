import Synchronization

/// A few ``SQLiteSessionReader``s handed out round-robin, so concurrent lookups on several cores do not queue on
/// one lock.
final class SQLiteSessionReaders: Sendable {
    private let readers: [SQLiteSessionReader]
    private let next = Atomic<Int>(0)

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
    }

    func session(idHash: String) throws -> SessionRecord? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return try readers[index & Int.max % readers.count].session(idHash: idHash)
    }

    func sessionIdentity(idHash: String) throws -> SessionIdentityRecord? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return try readers[index & Int.max % readers.count].sessionIdentity(idHash: idHash)
    }

    func close() { readers.forEach { $0.close() } }
}
