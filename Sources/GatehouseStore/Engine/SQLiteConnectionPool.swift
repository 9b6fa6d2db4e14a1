import SQLiteKit

/// A fixed set of SQLite connections leased one caller at a time (a transaction must own its connection).
actor SQLiteConnectionPool {
    private var idle: [SQLiteConnection]
    private var waiters: [(id: Int, continuation: CheckedContinuation<SQLiteConnection, any Error>)] = []
    private var nextWaiterID = 0
    private var closed = false
    private let all: [SQLiteConnection]

    init(connections: [SQLiteConnection]) {
        self.idle = connections
        self.all = connections
    }

    func acquire() async throws -> SQLiteConnection {
        if closed { throw StoreError.unavailable("the SQLite store is closed") }
        if let connection = idle.popLast() { return connection }
        nextWaiterID += 1
        let id = nextWaiterID
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    func release(_ connection: SQLiteConnection) {
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    func close() async {
        closed = true
        for waiter in waiters { waiter.continuation.resume(throwing: StoreError.unavailable("the SQLite store is closed")) }
        waiters = []
        for connection in all { try? await connection.close() }
        idle = []
    }
}
