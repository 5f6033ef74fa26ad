/// Commits results as they complete, grouping those that complete while a commit is under way into the next one.
///
/// At low throughput every result gets its own transaction the moment it arrives. At high throughput (a fast
/// backend, high concurrency) results that arrive during a commit wait only for it to end, and then share one
/// transaction: far fewer WAL writes and thread hops than a transaction per result, and no result waits for
/// anything but the commit in progress.
public actor ResultWriter {
    private let store: any ResultStore
    private var pending: [ResultEntry] = []
    private var isCommitting = false
    private var failure: (any Error)?
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []

    public init(store: any ResultStore) {
        self.store = store
    }

    /// Queues a result and returns at once; a commit starts now unless one is under way, which will pick it up.
    /// The run's lanes never wait for the database, so slow commits do not hold back the next requests.
    /// Throws the failure of an earlier commit, so a broken database stops the run.
    public func submit(_ entry: ResultEntry) throws {
        if let failure { throw failure }
        pending.append(entry)
        guard !isCommitting else { return }
        isCommitting = true
        // A task of its own, not a child of the run: cancelling the run (Ctrl-C) must not abandon finished results.
        Task { await self.commitPending() }
    }

    private func commitPending() async {
        while !pending.isEmpty, failure == nil {
            let batch = pending
            pending = []
            do {
                try await store.insertResults(batch)
            } catch {
                failure = error
            }
        }
        isCommitting = false
        for waiter in drainWaiters { waiter.resume() }
        drainWaiters = []
    }

    /// Waits until everything submitted is committed; throws if a commit failed.
    public func drain() async throws {
        if isCommitting {
            await withCheckedContinuation { drainWaiters.append($0) }
        }
        if let failure { throw failure }
    }
}
