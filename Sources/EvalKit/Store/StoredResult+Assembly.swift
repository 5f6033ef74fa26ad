import Foundation

extension StoredResult {
    /// Each result with its scores (in the order given), as both stores read them: results, then their scores apart.
    static func joining(_ results: [Stored<ResultRecord>], scores: [ScoreRecord]) -> [StoredResult] {
        let scoresByResult = Dictionary(grouping: scores, by: \.resultID)
        return results.map { StoredResult(result: $0, scores: scoresByResult[$0.id] ?? []) }
    }
}

extension CachedAnswer {
    /// What a run's result kept of its answer (its cache key, what it was sent and answered): `cache export` of a
    /// run that did not use the cache.
    struct ResultAnswer {
        var key: String, backend: String, suiteModel: String, repeatIndex: Int, request: String, output: String
        var finishReason: String?, promptTokens: Int?, completionTokens: Int?, systemFingerprint: String?, model: String
        var latencyMs: Double?, ttftMs: Double?, completedAt: Date
    }

    /// `answers` (the cache's entries for a run) followed by the results' answers whose keys they lack, in order.
    static func adding(_ results: [ResultAnswer], to answers: [CachedAnswer]) -> [CachedAnswer] {
        var all = answers, seen = Set(answers.map(\.key))
        for r in results where seen.insert(r.key).inserted {
            all.append(CachedAnswer(
                key: r.key, wireType: "", endpoint: "backend:" + r.backend, model: r.suiteModel, sample: r.repeatIndex,
                request: r.request, output: r.output, finishReason: r.finishReason, promptTokens: r.promptTokens,
                completionTokens: r.completionTokens, systemFingerprint: r.systemFingerprint, servedModel: r.model,
                latencyMs: r.latencyMs, ttftMs: r.ttftMs, recordedAt: r.completedAt))
        }
        return all
    }
}
