import Foundation

/// `evalctl runs wait KEY --shards N`: the fan-in of a sharded run. Polls the store until every shard has finished
/// (or can no longer finish by itself: stopped or crashed), or until the timeout, and then judges the run as one.
public struct ShardWait: Sendable {
    public let key: String
    public let shardCount: Int
    public let timeout: Duration
    public var pollInterval: Duration = .seconds(1)

    public init(key: String, shardCount: Int, timeout: Duration) {
        self.key = key
        self.shardCount = shardCount
        self.timeout = timeout
    }

    /// Where the run stood when the wait ended.
    public struct Outcome: Sendable {
        public let key: String
        public let shardCount: Int
        /// Nil when no shard created the run before the timeout.
        public let runID: Int64?
        public let conditions: [(index: Int, condition: ShardCondition)]
        /// The whole run, once it exists.
        public let summary: RunSummary?
        public let timedOut: Bool
        public let waited: Duration

        public var allCompleted: Bool { !conditions.isEmpty && conditions.allSatisfy { $0.condition == .completed } }

        /// Every shard completed and the run with it: then the run's own findings (errors, a suite below its
        /// `min_pass_rate`); otherwise an infrastructure error naming the missing, running, stopped or crashed shards.
        public var verdict: Verdict {
            guard allCompleted, let summary, summary.run.status == .completed else { return Verdict(errored: true) }
            return Verdict(errored: summary.errored > 0, failedBar: !summary.suites.allSatisfy(\.meetsMinimum))
        }
    }

    /// Waits; `observe` is told every time the shards' conditions change (and once at the start).
    public func wait(store: any ResultStore, clock: ContinuousClock = ContinuousClock(),
                     observe: @Sendable (Outcome) -> Void = { _ in }) async throws -> Outcome {
        let start = clock.now
        var lastSeen: [String] = []
        while true {
            let outcome = try await look(store: store, waited: clock.now - start, timedOut: false)
            let seen = outcome.conditions.map { "\($0.index):\($0.condition)" } + [outcome.summary?.run.status.rawValue ?? "-"]
            if seen != lastSeen { observe(outcome) }
            lastSeen = seen
            // Done when nothing is pending and the last shard has closed the run (or it never will: a shard stopped).
            let pending = outcome.conditions.contains { $0.condition.isPending }
            let closing = outcome.allCompleted && outcome.summary?.run.status == .running
            if outcome.runID != nil, !pending, !closing { return outcome }
            if clock.now - start >= timeout {
                return try await look(store: store, waited: clock.now - start, timedOut: true)
            }
            try await Task.sleep(for: min(pollInterval, timeout - (clock.now - start) + .milliseconds(10)))
        }
    }

    private func look(store: any ResultStore, waited: Duration, timedOut: Bool) async throws -> Outcome {
        guard let runID = try await store.runID(forKey: key) else {
            return Outcome(key: key, shardCount: shardCount, runID: nil,
                           conditions: (1...shardCount).map { ($0, .missing) }, summary: nil, timedOut: timedOut, waited: waited)
        }
        guard let state = try await store.shardedRun(id: runID) else {
            throw StoreError.shardMismatch("run key '\(key)' belongs to run \(runID), which is not a sharded run")
        }
        if state.shardCount != shardCount {
            throw StoreError.shardMismatch("run key '\(key)' (run \(runID)) is split into \(state.shardCount) shards, not \(shardCount)")
        }
        return Outcome(key: key, shardCount: shardCount, runID: runID, conditions: state.conditions(),
                       summary: try await store.summary(ofRun: runID), timedOut: timedOut, waited: waited)
    }
}
