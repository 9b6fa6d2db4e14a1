/// Runs `operation`, failing with `store.unavailable` when it has not finished after `timeout` (it is then
/// cancelled: PostgreSQL connection leases honour cancellation).
func withDeadline<T: Sendable>(
    _ timeout: Duration, what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StoreError.unavailable("\(what) did not answer within \(timeout)")
        }
        return value
    }
}
