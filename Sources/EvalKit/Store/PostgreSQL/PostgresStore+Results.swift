import Foundation
import PostgresNIO

extension PostgresStore {
    /// Stores a batch in one transaction with a handful of round trips whatever its size: one check for cells already
    /// stored, then multi-row INSERTs (results with `RETURNING`, scores, cache entries, cache keys), each split only
    /// where PostgreSQL's limit of 65,535 parameters per statement requires.
    public func insertResults(_ entries: [ResultEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await transaction { connection in
            for entry in entries where entry.replacesEarlier { try await Self.supersede(connection, entry.result) }
            try await Self.refuseStoredCells(connection, entries)
            var ids: [Cell: Int64] = [:]
            for chunk in entries.chunked(by: 1_500) {
                let (values, binds) = Self.values(chunk, columns: 35) { binds, entry in
                    let r = entry.result
                    let output = r.output.map(StoredText.storable)
                    binds.append(r.runID); binds.append(r.suiteID); binds.append(r.evalset); binds.append(r.evalsetVersion)
                    binds.append(r.evalsetHash); binds.append(r.caseID); binds.append(r.caseHash); binds.append(r.promptID)
                    binds.append(r.promptHash); binds.append(r.backend); binds.append(r.model); binds.append(r.repeatIndex)
                    binds.append(StoredText.storable(r.request)); binds.append(output); binds.append(r.status.rawValue)
                    binds.append(r.error.map(StoredText.storable)); binds.append(r.latencyMs); binds.append(r.ttftMs)
                    binds.append(r.promptTokens); binds.append(r.completionTokens); binds.append(r.attempts)
                    binds.append(r.finishReason); binds.append(r.systemFingerprint); binds.append(r.completedAt)
                    binds.append(SHA256.hex(r.request)); binds.append(output.map(SHA256.hex)); binds.append(r.errorKind?.rawValue)
                    binds.append(r.cacheKey); binds.append(r.fromCache); binds.append(r.costUSD); binds.append(r.judgeCostUSD)
                    binds.append(r.answeredBy); binds.append(r.cacheCreationInputTokens); binds.append(r.cacheReadInputTokens)
                    binds.append(StoredText.flagsColumn(r.flags))
                }
                let inserted: [PostgresRecordRow]
                do {
                    inserted = try await Self.rows(connection, PostgresQuery(unsafeSQL: """
                        INSERT INTO results (run_id, suite_id, evalset, evalset_version, evalset_hash, case_id, case_hash,
                          prompt_id, prompt_hash, backend, model, repeat_index, request, output, status, error, latency_ms, ttft_ms,
                          prompt_tokens, completion_tokens, attempts, finish_reason, system_fingerprint, completed_at, request_hash,
                          output_hash, error_kind, cache_key, from_cache, cost_usd, judge_cost_usd, answered_by,
                          cache_creation_input_tokens, cache_read_input_tokens, flags)
                        VALUES \(values) RETURNING id, suite_id, case_id, repeat_index
                        """, binds: binds))
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                    // Another writer stored one of these cells since the check above.
                    let r = chunk[chunk.startIndex].result
                    throw StoreError.duplicateCell(runID: r.runID, caseID: r.caseID, repeatIndex: r.repeatIndex)
                }
                for row in inserted {
                    ids[Cell(suiteID: try row["suite_id"], caseID: try row["case_id"], repeatIndex: try row["repeat_index"])] = try row["id"]
                }
            }
            let scores = entries.flatMap { entry in
                entry.scores.map { (resultID: ids[Cell(entry.result)]!, score: $0) }
            }
            for chunk in scores.chunked(by: 8_000) {
                let (values, binds) = Self.values(chunk, columns: 7) { binds, item in
                    binds.append(item.resultID); binds.append(item.score.scorer); binds.append(item.score.value)
                    binds.append(item.score.threshold); binds.append(item.score.passed)
                    binds.append(StoredText.storable(item.score.reason)); binds.append(item.score.details?.canonicalJSON)
                }
                try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO scores (result_id, scorer, value, threshold, passed, reason, details) VALUES \(values)
                    """, binds: binds), logger: Self.logger)
            }
            try await Self.storeCachedAnswers(connection, entries.flatMap(\.cacheEntries))
            var runKeys: [Int64] = [], keys: [String] = []
            for entry in entries {
                for key in Set(entry.cacheKeysUsed + entry.cacheEntries.map(\.key)) {
                    runKeys.append(entry.result.runID)
                    keys.append(key)
                }
            }
            if !keys.isEmpty {
                try await connection.query("""
                    INSERT INTO run_cache_keys (run_id, key) SELECT * FROM unnest(\(runKeys)::bigint[], \(keys)::text[])
                    ON CONFLICT DO NOTHING
                    """, logger: Self.logger)
            }
        }
    }

    /// One cell of a run: what the one-result-per-cell key is made of.
    struct Cell: Hashable {
        var suiteID: Int64, caseID: String, repeatIndex: Int

        init(suiteID: Int64, caseID: String, repeatIndex: Int) {
            (self.suiteID, self.caseID, self.repeatIndex) = (suiteID, caseID, repeatIndex)
        }

        init(_ r: ResultRecord) {
            self.init(suiteID: r.suiteID, caseID: r.caseID, repeatIndex: r.repeatIndex)
        }
    }

    /// Throws `StoreError.duplicateCell` for the first entry whose cell is stored already, or twice in the batch: the
    /// same refusal SQLite's unique index gives, named before anything of the batch is written.
    private static func refuseStoredCells(_ connection: PostgresConnection, _ entries: [ResultEntry]) async throws {
        let cells = entries.map { Cell($0.result) }
        let stored = try await rows(connection, """
            SELECT suite_id, case_id, repeat_index FROM results
            WHERE (suite_id, case_id, repeat_index) IN (
              SELECT * FROM unnest(\(cells.map(\.suiteID))::bigint[], \(cells.map(\.caseID))::text[],
                \(cells.map { Int64($0.repeatIndex) })::bigint[]))
            """)
        var seen = Set(try stored.map { Cell(suiteID: try $0["suite_id"], caseID: try $0["case_id"], repeatIndex: try $0["repeat_index"]) })
        for entry in entries where !seen.insert(Cell(entry.result)).inserted {
            let r = entry.result
            throw StoreError.duplicateCell(runID: r.runID, caseID: r.caseID, repeatIndex: r.repeatIndex)
        }
    }

    /// Moves the cell's stored error or skip (and its scores) to `superseded_results`, as `SQLiteStore` does.
    private static func supersede(_ connection: PostgresConnection, _ r: ResultRecord) async throws {
        let repeatIndex = Int64(r.repeatIndex)
        try await connection.query("""
            WITH moved AS (
              DELETE FROM results WHERE suite_id = \(r.suiteID) AND case_id = \(r.caseID) AND repeat_index = \(repeatIndex)
                AND status IN ('error', 'skipped')
              RETURNING id, run_id, suite_id, case_id, repeat_index, status, error, error_kind, completed_at)
            INSERT INTO superseded_results (result_id, run_id, suite_id, case_id, repeat_index, status, error, error_kind,
              completed_at, superseded_at)
            SELECT id, run_id, suite_id, case_id, repeat_index, status, error, error_kind, completed_at, \(Date()) FROM moved
            """, logger: logger)
    }

    /// `($1, …, $n), ($n+1, …)` for `items`, each bound by `bind` with `columns` values.
    static func values<Item>(_ items: ArraySlice<Item>, columns: Int,
                             bind: (inout PostgresBindings, Item) -> Void) -> (String, PostgresBindings) {
        var binds = PostgresBindings(capacity: items.count * columns)
        var groups: [String] = []
        groups.reserveCapacity(items.count)
        for (row, item) in items.enumerated() {
            let first = row * columns + 1
            groups.append("(" + (first..<first + columns).map { "$\($0)" }.joined(separator: ", ") + ")")
            bind(&binds, item)
        }
        return (groups.joined(separator: ", "), binds)
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
