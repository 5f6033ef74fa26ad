import Foundation

/// The results of one run that are queued for people to label, in a stable order (eval set, case id, repeat, then
/// prompt and backend), with why each is queued and its current labels.
///
/// ```swift
/// let queue = try await ReviewQueue.load(store: store, runID: try await store.runID(for: "latest"), kinds: [.flagged])
/// let start = queue.firstUnlabelled(by: "ana") ?? queue.items.count
/// ```
public struct ReviewQueue: Sendable {
    public let runID: Int64
    public let kinds: [ReviewQueueKind]
    public var items: [ReviewItem]

    public init(runID: Int64, kinds: [ReviewQueueKind], items: [ReviewItem]) {
        self.runID = runID
        self.kinds = kinds
        self.items = items
    }

    public static func load(store: any ResultStore, runID: Int64, kinds: [ReviewQueueKind]) async throws -> ReviewQueue {
        let results = try await store.results(ofRun: runID)
        let labels = try await store.reviewLabels(ofRun: runID)
        return select(runID: runID, results: results, labels: labels, kinds: kinds)
    }

    /// The queue over already read results and labels.
    public static func select(runID: Int64, results: [StoredResult], labels: [ReviewLabel], kinds: [ReviewQueueKind]) -> ReviewQueue {
        let labelsByResult = Dictionary(grouping: labels, by: \.resultID)
        let items = results.sorted(by: Self.order).compactMap { result -> ReviewItem? in
            let reasons = kinds.flatMap { Self.reasons(for: result, in: $0) }
            guard !reasons.isEmpty else { return nil }
            var unique: [String] = []
            for reason in reasons where !unique.contains(reason) { unique.append(reason) }
            return ReviewItem(result: result, reasons: unique, labels: labelsByResult[result.result.id] ?? [])
        }
        return ReviewQueue(runID: runID, kinds: kinds, items: items)
    }

    /// The index of the first item `reviewer` has no current label on: where a session resumes.
    public func firstUnlabelled(by reviewer: String) -> Int? {
        items.firstIndex { $0.label(by: reviewer) == nil }
    }

    /// Why `result` is in queue `kind`, in words; empty when it is not.
    public static func reasons(for result: StoredResult, in kind: ReviewQueueKind) -> [String] {
        let record = result.result.fields
        switch kind {
        case .flagged:
            return (record.flags ?? []).map { "flag: \($0)" }
        case .failed:
            if record.status == .error { return ["error: \(record.error ?? "no reason stored")"] }
            let failed = result.scores.filter { !$0.passed }.map(\.scorer)
            if !failed.isEmpty { return ["failed: " + failed.joined(separator: ", ")] }
            return record.status == .failed ? ["failed"] : []
        case .judgeDisagree:
            return JudgeDisagreement.reasons(result.scores)
        case .all:
            return ["all"]
        }
    }

    static func order(_ a: StoredResult, _ b: StoredResult) -> Bool {
        let (x, y) = (a.result.fields, b.result.fields)
        return (x.evalset, x.caseID, x.repeatIndex, x.promptID, x.backend, a.result.id)
            < (y.evalset, y.caseID, y.repeatIndex, y.promptID, y.backend, b.result.id)
    }
}
