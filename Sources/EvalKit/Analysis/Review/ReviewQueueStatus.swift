import Foundation

/// How far review of a run has got: per queue, how many items nobody has labelled (the queue's depth), how long the
/// oldest of them has waited (from the result's `completed_at`), and how many items each reviewer has labelled.
///
/// ```swift
/// let status = try await ReviewQueueStatus.load(store: store, runID: id)
/// status.queues.first { $0.kind == .flagged }?.depth
/// ```
public struct ReviewQueueStatus: Sendable {
    public struct Queue: Sendable {
        public var kind: ReviewQueueKind
        /// Items in the queue, labelled or not.
        public var items: Int
        /// Items no one has labelled.
        public var depth: Int
        /// When the oldest unlabelled item's result was completed; nil when the depth is 0.
        public var oldestUnreviewedAt: Date?
        /// How many of the queue's items each reviewer has a current label on, by reviewer.
        public var labelledBy: [String: Int]

        /// Seconds the oldest unlabelled item has waited at `now`.
        public func oldestUnreviewedAge(at now: Date) -> Double? {
            oldestUnreviewedAt.map { max(0, now.timeIntervalSince($0)) }
        }
    }

    public let runID: Int64
    public let queues: [Queue]

    public init(runID: Int64, queues: [Queue]) {
        self.runID = runID
        self.queues = queues
    }

    public static func load(store: any ResultStore, runID: Int64) async throws -> ReviewQueueStatus {
        let results = try await store.results(ofRun: runID)
        let labels = try await store.reviewLabels(ofRun: runID)
        return ReviewQueueStatus(runID: runID, results: results, labels: labels)
    }

    /// Every queue's figures over already read results and labels.
    public init(runID: Int64, results: [StoredResult], labels: [ReviewLabel]) {
        self.runID = runID
        queues = ReviewQueueKind.allCases.map { kind in
            let queue = ReviewQueue.select(runID: runID, results: results, labels: labels, kinds: [kind])
            let unreviewed = queue.items.filter(\.labels.isEmpty)
            var labelledBy: [String: Int] = [:]
            for item in queue.items { for label in item.labels { labelledBy[label.reviewer, default: 0] += 1 } }
            return Queue(kind: kind, items: queue.items.count, depth: unreviewed.count,
                         oldestUnreviewedAt: unreviewed.map(\.record.completedAt).min(), labelledBy: labelledBy)
        }
    }
}
