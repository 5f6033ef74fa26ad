import Foundation
import GRDB

extension SQLiteStore {
    public func cachedAnswer(key: String) async throws -> CachedAnswer? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM response_cache WHERE key = ?", arguments: [key]).map(Self.cachedAnswer)
        }
    }

    @discardableResult
    public func storeCachedAnswers(_ answers: [CachedAnswer]) async throws -> Int {
        try await pool.write { db in
            var new = 0
            for answer in answers {
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM response_cache WHERE key = ?)", arguments: [answer.key])
                if exists != true { new += 1 }
                try Self.storeCachedAnswer(db, answer)
            }
            return new
        }
    }

    public func cachedAnswers(ofRun id: Int64) async throws -> [CachedAnswer] {
        try await pool.read { db in
            guard try RunRecord.exists(db, key: id) else { throw StoreError.noSuchRun(String(id)) }
            let answers = try Row.fetchAll(db, sql: """
                SELECT response_cache.* FROM response_cache JOIN run_cache_keys ON run_cache_keys.key = response_cache.key
                WHERE run_cache_keys.run_id = ? ORDER BY response_cache.recorded_at, response_cache.key
                """, arguments: [id]).map(Self.cachedAnswer)
            // A run that did not use the cache still has its answers: each result kept its key and what it was sent.
            let results = try Row.fetchAll(db, sql: """
                SELECT results.cache_key, results.request, results.output, results.finish_reason, results.prompt_tokens,
                  results.completion_tokens, results.system_fingerprint, results.model, results.latency_ms, results.ttft_ms,
                  results.completed_at, results.repeat_index, suites.backend, suites.model AS suite_model
                FROM results JOIN suites ON suites.id = results.suite_id
                WHERE results.run_id = ? AND results.status IN ('passed', 'failed') AND results.cache_key IS NOT NULL
                  AND results.output IS NOT NULL
                ORDER BY results.id
                """, arguments: [id]).map { row in
                CachedAnswer.ResultAnswer(
                    key: row["cache_key"], backend: row["backend"], suiteModel: row["suite_model"], repeatIndex: row["repeat_index"],
                    request: row["request"], output: row["output"], finishReason: row["finish_reason"],
                    promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
                    systemFingerprint: row["system_fingerprint"], model: row["model"], latencyMs: row["latency_ms"],
                    ttftMs: row["ttft_ms"], completedAt: row["completed_at"])
            }
            return CachedAnswer.adding(results, to: answers)
        }
    }

    public func cacheStatistics() async throws -> CacheStatistics {
        try await pool.read { db in
            let groups = try Row.fetchAll(db, sql: """
                SELECT wire_type, endpoint, model, COUNT(*) AS entries,
                  SUM(LENGTH(CAST(output AS BLOB)) + LENGTH(CAST(request AS BLOB))) AS bytes,
                  MIN(recorded_at) AS oldest, MAX(recorded_at) AS newest
                FROM response_cache GROUP BY wire_type, endpoint, model ORDER BY entries DESC, wire_type, endpoint, model
                """).map { row in
                CacheStatistics.Group(wireType: row["wire_type"], endpoint: row["endpoint"], model: row["model"], entries: row["entries"],
                                      bytes: row["bytes"] ?? 0, oldest: row["oldest"], newest: row["newest"])
            }
            return CacheStatistics(groups: groups)
        }
    }

    public func pruneCache(recordedBefore date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM response_cache WHERE recorded_at < ?", arguments: [date])
            return db.changesCount
        }
    }

    static func storeCachedAnswer(_ db: Database, _ a: CachedAnswer) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO response_cache (key, wire_type, endpoint, model, sample, request, output, finish_reason,
              prompt_tokens, completion_tokens, system_fingerprint, served_model, latency_ms, ttft_ms, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            a.key, a.wireType, a.endpoint, a.model, a.sample, a.request, StoredText.storable(a.output), a.finishReason, a.promptTokens,
            a.completionTokens, a.systemFingerprint, a.servedModel, a.latencyMs, a.ttftMs, a.recordedAt,
        ])
    }

    static func cachedAnswer(_ row: Row) -> CachedAnswer {
        CachedAnswer(
            key: row["key"], wireType: row["wire_type"], endpoint: row["endpoint"], model: row["model"], sample: row["sample"],
            request: row["request"], output: row["output"], finishReason: row["finish_reason"], promptTokens: row["prompt_tokens"],
            completionTokens: row["completion_tokens"], systemFingerprint: row["system_fingerprint"],
            servedModel: row["served_model"], latencyMs: row["latency_ms"], ttftMs: row["ttft_ms"], recordedAt: row["recorded_at"])
    }
}

extension SQLiteStore {
    public func reopenRun(id: Int64, owner: RunOwner, maxCostUSD: Double?) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, finished_at = NULL, hostname = ?, owner_pid = ?, owner_start_time = ?,
                  owner_boot_id = ?, max_cost_usd = ?, resumed_count = resumed_count + 1 WHERE id = ?
                """, arguments: [RunStatus.running.rawValue, owner.host, owner.pid, owner.startTime, owner.bootID, maxCostUSD, id])
        }
    }

    public func storedCells(ofRun id: Int64) async throws -> [CellKey: ResultStatus] {
        try await pool.read { db in
            var cells: [CellKey: ResultStatus] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT suite_id, case_id, repeat_index, status FROM results WHERE run_id = ?",
                                           arguments: [id])
            while let row = try rows.next() {
                cells[CellKey(suiteID: row[0], caseID: row[1], repeatIndex: row[2])] = ResultStatus(stored: row[3])
            }
            return cells
        }
    }

    public func supersededCount(ofRun id: Int64) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM superseded_results WHERE run_id = ?", arguments: [id]) ?? 0
        }
    }
}
