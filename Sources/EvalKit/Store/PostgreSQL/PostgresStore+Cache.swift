import Foundation
import PostgresNIO

extension PostgresStore {
    public func cachedAnswer(key: String) async throws -> CachedAnswer? {
        try await rows("SELECT * FROM response_cache WHERE key = \(key)").first?.cachedAnswer
    }

    @discardableResult
    public func storeCachedAnswers(_ answers: [CachedAnswer]) async throws -> Int {
        guard !answers.isEmpty else { return 0 }
        return try await transaction { connection in
            let keys = Set(answers.map(\.key))
            let stored = try await Self.rows(connection, "SELECT COUNT(*) AS n FROM response_cache WHERE key = ANY(\(Array(keys)))")
            let present: Int = try stored[0]["n"]
            try await Self.storeCachedAnswers(connection, answers)
            return keys.count - present
        }
    }

    /// `INSERT OR REPLACE` in PostgreSQL: the last answer given for a key wins, as when SQLite writes them in turn.
    static func storeCachedAnswers(_ connection: PostgresConnection, _ answers: [CachedAnswer]) async throws {
        var latest: [String: CachedAnswer] = [:], order: [String] = []
        for answer in answers {
            if latest.updateValue(answer, forKey: answer.key) == nil { order.append(answer.key) }
        }
        for chunk in order.compactMap({ latest[$0] }).chunked(by: 4_000) {
            let (values, binds) = values(chunk, columns: 15) { binds, a in
                binds.append(a.key); binds.append(a.wireType); binds.append(a.endpoint); binds.append(a.model)
                binds.append(a.sample); binds.append(StoredText.storable(a.request)); binds.append(StoredText.storable(a.output))
                binds.append(a.finishReason); binds.append(a.promptTokens); binds.append(a.completionTokens)
                binds.append(a.systemFingerprint); binds.append(a.servedModel); binds.append(a.latencyMs); binds.append(a.ttftMs)
                binds.append(a.recordedAt)
            }
            try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO response_cache (key, wire_type, endpoint, model, sample, request, output, finish_reason,
                  prompt_tokens, completion_tokens, system_fingerprint, served_model, latency_ms, ttft_ms, recorded_at)
                VALUES \(values)
                ON CONFLICT (key) DO UPDATE SET wire_type = EXCLUDED.wire_type, endpoint = EXCLUDED.endpoint,
                  model = EXCLUDED.model, sample = EXCLUDED.sample, request = EXCLUDED.request, output = EXCLUDED.output,
                  finish_reason = EXCLUDED.finish_reason, prompt_tokens = EXCLUDED.prompt_tokens,
                  completion_tokens = EXCLUDED.completion_tokens, system_fingerprint = EXCLUDED.system_fingerprint,
                  served_model = EXCLUDED.served_model, latency_ms = EXCLUDED.latency_ms, ttft_ms = EXCLUDED.ttft_ms,
                  recorded_at = EXCLUDED.recorded_at
                """, binds: binds), logger: logger)
        }
    }

    public func cachedAnswers(ofRun id: Int64) async throws -> [CachedAnswer] {
        guard try await !rows("SELECT 1 FROM runs WHERE id = \(id)").isEmpty else { throw StoreError.noSuchRun(String(id)) }
        let answers = try await rows("""
            SELECT response_cache.* FROM response_cache JOIN run_cache_keys ON run_cache_keys.key = response_cache.key
            WHERE run_cache_keys.run_id = \(id) ORDER BY response_cache.recorded_at, response_cache.key COLLATE "C"
            """).map { try $0.cachedAnswer }
        // A run that did not use the cache still has its answers: each result kept its key and what it was sent.
        let results = try await rows("""
            SELECT results.cache_key, results.request, results.output, results.finish_reason, results.prompt_tokens,
              results.completion_tokens, results.system_fingerprint, results.model, results.latency_ms, results.ttft_ms,
              results.completed_at, results.repeat_index, suites.backend, suites.model AS suite_model
            FROM results JOIN suites ON suites.id = results.suite_id
            WHERE results.run_id = \(id) AND results.status IN ('passed', 'failed') AND results.cache_key IS NOT NULL
              AND results.output IS NOT NULL
            ORDER BY results.id
            """).map { row in
            CachedAnswer.ResultAnswer(
                key: try row["cache_key"], backend: try row["backend"], suiteModel: try row["suite_model"],
                repeatIndex: try row["repeat_index"], request: try row["request"], output: try row["output"],
                finishReason: try row["finish_reason"], promptTokens: try row["prompt_tokens"],
                completionTokens: try row["completion_tokens"], systemFingerprint: try row["system_fingerprint"],
                model: try row["model"], latencyMs: try row["latency_ms"], ttftMs: try row["ttft_ms"],
                completedAt: try row["completed_at"])
        }
        return CachedAnswer.adding(results, to: answers)
    }

    public func cacheStatistics() async throws -> CacheStatistics {
        CacheStatistics(groups: try await rows("""
            SELECT wire_type, endpoint, model, COUNT(*) AS entries,
              COALESCE(SUM(octet_length(output) + octet_length(request)), 0)::bigint AS bytes,
              MIN(recorded_at) AS oldest, MAX(recorded_at) AS newest
            FROM response_cache GROUP BY wire_type, endpoint, model
            ORDER BY entries DESC, wire_type COLLATE "C", endpoint COLLATE "C", model COLLATE "C"
            """).map { row in
            CacheStatistics.Group(wireType: try row["wire_type"], endpoint: try row["endpoint"], model: try row["model"],
                                  entries: try row["entries"], bytes: try row["bytes"], oldest: try row["oldest"],
                                  newest: try row["newest"])
        })
    }

    public func pruneCache(recordedBefore date: Date) async throws -> Int {
        try await rows("""
            WITH pruned AS (DELETE FROM response_cache WHERE recorded_at < \(date) RETURNING 1) SELECT COUNT(*) AS n FROM pruned
            """)[0]["n"]
    }
}
