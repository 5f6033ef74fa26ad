/// Commits results as they complete, grouping those that complete while a commit is under way into the next one.
///
/// At low throughput every result gets its own transaction the moment it arrives. At high throughput (a fast
/// backend, high concurrency) results that arrive during a commit wait only for it to end, and then share one
/// transaction: far fewer fsync-free WAL writes and thread hops than a transaction per result, and still no
/// result waits for anything but the commit in progress.
public actor ResultWriter {
    public typealias Entry = (result: ResultRecord, scores: [Score])
    private let store: EvalStore
    private var pending: [Entry] = []
    private var isCommitting = false
    private var failure: (any Error)?
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []

    public init(store: EvalStore) {
        self.store = store
    }

    /// Queues a result; commits it (and whatever else is queued) unless a commit is already under way, which
    /// will pick it up. Throws the failure of an earlier commit, so a broken database stops the run.
    public func submit(_ result: ResultRecord, scores: [Score]) async throws {
        if let failure { throw failure }
        pending.append((result, scores))
        guard !isCommitting else { return }
        isCommitting = true
        defer {
            isCommitting = false
            for waiter in drainWaiters { waiter.resume() }
            drainWaiters = []
        }
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                // A task of its own: cancelling the run (Ctrl-C) must not abandon results already finished.
                let store = store
                try await Task { try await store.insertResults(batch) }.value
            } catch {
                failure = error
                throw error
            }
        }
    }

    /// Waits until everything submitted is committed; throws if a commit failed.
    public func drain() async throws {
        if isCommitting {
            await withCheckedContinuation { drainWaiters.append($0) }
        }
        if let failure { throw failure }
    }
}
