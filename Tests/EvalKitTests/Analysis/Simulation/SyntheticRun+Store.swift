import Foundation
@testable import EvalKit

extension SyntheticRun {
    /// Stores the run as `evalctl run` would (run, suites with scorer scales, results with scores), with latency
    /// and tokens derived from the case index; returns the stored run's id.
    @discardableResult
    func store(into store: any ResultStore, startedAt: Date, latencyScale: Double = 1, fingerprint: String? = nil) async throws -> Int64 {
        let stored = stored()
        var run = stored.summary.run.fields
        run.startedAt = startedAt
        run.finishedAt = startedAt
        let runID = try await store.insertRun(run)
        for summary in stored.summary.suites {
            var suite = summary.suite.fields
            let oldID = summary.suite.id
            suite.runID = runID
            let scales = stored.scales[oldID] ?? [:]
            let suiteID = try await store.insertSuite(suite, scorers: scales.map { (name: $0.key, scale: $0.value) })
            let entries = stored.results.filter { $0.result.suiteID == oldID }.enumerated().map { index, entry in
                var result = entry.result.fields
                result.runID = runID
                result.suiteID = suiteID
                result.completedAt = startedAt
                result.latencyMs = entry.result.status == .error ? nil : Double(100 + index % 50) * latencyScale
                result.promptTokens = 20
                result.completionTokens = 5
                result.systemFingerprint = fingerprint
                return ResultEntry(result: result, scores: entry.scores.map {
                    Score(scorer: $0.scorer, value: $0.value, threshold: $0.threshold, reason: $0.reason)
                })
            }
            try await store.insertResults(entries)
        }
        try await store.finishRun(id: runID, status: .completed)
        return runID
    }
}
