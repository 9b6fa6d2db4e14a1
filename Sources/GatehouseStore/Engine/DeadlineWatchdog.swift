import Synchronization

/// Bounds calls in time without a timer per call: each call runs in its own task, and one watchdog task per engine
/// ticks every `resolution`, failing calls past their deadline with `store.unavailable` and cancelling them
/// (PostgreSQL connection leases honour cancellation). A task group with a sleeping child per call cost ~35% of the
/// PostgreSQL replay-insert throughput (docs/storage.md, Benchmark).
final class DeadlineWatchdog: Sendable {
    private struct Entry: Sendable {
        let deadline: ContinuousClock.Instant
        let expire: @Sendable () -> Void
    }
    private let entries = Mutex<[UInt64: Entry]>([:])
    private let nextID = Atomic<UInt64>(0)
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    init(resolution: Duration = .milliseconds(100)) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: resolution)
                self?.expireDue()
            }
        }
        ticker.withLock { $0 = task }
    }

    func stop() {
        ticker.withLock { $0?.cancel() }
        let pending = entries.withLock { entries in
            defer { entries = [:] }
            return Array(entries.values)
        }
        pending.forEach { $0.expire() }
    }

    func run<T: Sendable>(
        timeout: Duration, what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = ResumeOnce(continuation)
            let task = Task {
                let result: Result<T, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                once.resume(with: result)
                self.entries.withLock { _ = $0.removeValue(forKey: id) }
            }
            let expire: @Sendable () -> Void = {
                if once.resume(with: .failure(StoreError.unavailable("\(what) did not answer within \(timeout)"))) {
                    task.cancel()
                }
            }
            // If the task already finished, the entry is dropped at its deadline and `expire` does nothing.
            entries.withLock { $0[id] = Entry(deadline: deadline, expire: expire) }
        }
    }

    private func expireDue() {
        let now = ContinuousClock.now
        let due = entries.withLock { entries -> [Entry] in
            let expired = entries.filter { $0.value.deadline <= now }
            for key in expired.keys { entries.removeValue(forKey: key) }
            return Array(expired.values)
        }
        due.forEach { $0.expire() }
    }
}

/// Resumes a continuation at most once, from whichever side finishes first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    @discardableResult func resume(with result: Result<T, any Error>) -> Bool {
        guard let continuation = continuation.withLock({ value in defer { value = nil }; return value }) else { return false }
        continuation.resume(with: result)
        return true
    }
}
