import Foundation
import PostgresNIO

extension PostgresStore {
    /// As `SQLiteStore.history`: aggregates in SQL and one pass over the results' numbers, assembled by `HistoryRows`;
    /// the budget-stopped runs apart, when the filter asks.
    public func history(_ filter: HistoryFilter) async throws -> RunHistory {
        if !filter.evalsets.isEmpty {
            let known = try await rows("SELECT DISTINCT evalset COLLATE \"C\" AS evalset FROM suites ORDER BY 1").map { row -> String in
                try row["evalset"]
            }
            let unknown = filter.evalsets.filter { !known.contains($0) }
            if !unknown.isEmpty { throw StoreError.unknownEvalsets(unknown, known: known) }
        }
        let evalsets = filter.evalsets
        var replayed: [Int64] = []
        if filter.excludeReplayed {
            replayed = try await rows("""
                SELECT id FROM runs WHERE status = \(RunStatus.completed.rawValue)
                  AND (\(filter.since)::timestamptz IS NULL OR started_at >= \(filter.since))
                  AND (cardinality(\(evalsets)::text[]) = 0 OR id IN (SELECT run_id FROM suites WHERE evalset = ANY(\(evalsets))))
                  AND (rescored_from IS NOT NULL OR EXISTS (SELECT 1 FROM results WHERE results.run_id = runs.id AND results.from_cache))
                ORDER BY id
                """).map { row -> Int64 in try row["id"] }
        }
        let runs = try await rows("""
            SELECT * FROM runs WHERE status = \(RunStatus.completed.rawValue)
              AND (\(filter.since)::timestamptz IS NULL OR started_at >= \(filter.since))
              AND (cardinality(\(evalsets)::text[]) = 0 OR id IN (SELECT run_id FROM suites WHERE evalset = ANY(\(evalsets))))
              AND NOT (id = ANY(\(replayed)))
            ORDER BY id DESC LIMIT \(filter.last.map(Int64.init))
            """).map { try $0.run }.reversed().map { $0 }
        let ids = runs.map(\.id)
        let tags = Dictionary(grouping: try await currentTags(), by: \.runID)
        var summaries: [RunSummary] = []
        for run in runs {
            summaries.append(RunSummary(run: run, suites: try await suiteSummaries(runID: run.id), tags: tags[run.id]?.map(\.name) ?? []))
        }
        var stopped: [RunSummary] = []
        if filter.includeBudgetStopped {
            for run in try await rows("""
                SELECT * FROM runs WHERE status = \(RunStatus.budgetStopped.rawValue)
                  AND (\(filter.since)::timestamptz IS NULL OR started_at >= \(filter.since))
                  AND (cardinality(\(evalsets)::text[]) = 0 OR id IN (SELECT run_id FROM suites WHERE evalset = ANY(\(evalsets))))
                ORDER BY id DESC LIMIT \(filter.last.map(Int64.init))
                """).map({ try $0.run }).reversed() {
                stopped.append(RunSummary(run: run, suites: try await suiteSummaries(runID: run.id), tags: tags[run.id]?.map(\.name) ?? []))
            }
        }
        guard !ids.isEmpty else {
            var empty = RunHistory(filter: filter, runs: [], suites: [])
            (empty.replayedRunIDs, empty.budgetStoppedRuns) = (replayed, stopped)
            return empty
        }
        var suites = try await rows("SELECT * FROM suites WHERE run_id = ANY(\(ids))").map { try $0.suite }
        if !filter.evalsets.isEmpty { suites = suites.filter { filter.evalsets.contains($0.evalset) } }
        let scorers = HistoryRows.scorerPoints(try await scorerAggregates(runIDs: ids),
                                               scales: HistoryRows.scales(try await scaleRows(runIDs: ids)))
        var numbers: [Int64: HistoryRows.ResultNumbers] = [:]
        for row in try await rows("""
            SELECT suite_id, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, system_fingerprint, model
            FROM results WHERE run_id = ANY(\(ids))
            """) {
            numbers[try row["suite_id"], default: HistoryRows.ResultNumbers()].add(
                status: ResultStatus(stored: try row["status"]), latencyMs: try row["latency_ms"], ttftMs: try row["ttft_ms"],
                promptTokens: try row["prompt_tokens"], completionTokens: try row["completion_tokens"],
                systemFingerprint: try row["system_fingerprint"], model: try row["model"])
        }
        var history = RunHistory(filter: filter, runs: summaries,
                                 suites: HistoryRows.suiteHistories(runs: runs, suites: suites, scorers: scorers, numbers: numbers))
        (history.replayedRunIDs, history.budgetStoppedRuns) = (replayed, stopped)
        return history
    }

    private func scorerAggregates(runIDs: [Int64]) async throws -> [HistoryRows.ScorerAggregate] {
        try await rows("""
            SELECT r.suite_id, s.scorer, COUNT(*) AS n, COUNT(*) FILTER (WHERE s.passed) AS passed, SUM(s.value) AS total,
                   SUM(s.value * s.value) AS squares, MIN(s.value) AS low, MAX(s.value) AS high,
                   COUNT(*) FILTER (WHERE s.value NOT IN (0, 1)) AS non_binary
            FROM scores s JOIN results r ON r.id = s.result_id
            WHERE r.run_id = ANY(\(runIDs)) AND r.status != 'error'
            GROUP BY r.suite_id, s.scorer
            """).map { row in
            HistoryRows.ScorerAggregate(
                suiteID: try row["suite_id"], scorer: try row["scorer"], count: try row["n"], passed: try row["passed"],
                total: try row["total"], squares: try row["squares"], low: try row["low"], high: try row["high"],
                nonBinary: try row["non_binary"])
        }
    }

    /// As `SQLiteStore.caseHistory`: tracks and changed outputs, assembled by `CaseHistoryRows`.
    public func caseHistory(_ history: RunHistory, limit: Int) async throws -> CaseHistory {
        let suiteIDs = history.suites.flatMap { $0.points.map(\.suite.id) }
        let keys = Dictionary(uniqueKeysWithValues: history.suites.flatMap { suite in suite.points.map { ($0.suite.id, suite.key) } })
        guard !suiteIDs.isEmpty else { return CaseHistory(tracks: [], changedOutputs: [], changedOutputCount: 0) }
        var tracks = CaseHistoryRows(keys: keys)
        for row in try await rows("""
            SELECT suite_id, run_id, case_id, case_hash, status FROM results WHERE suite_id = ANY(\(suiteIDs)) AND status != 'error'
            """) {
            tracks.add(suiteID: try row["suite_id"], runID: try row["run_id"], caseID: try row["case_id"],
                       caseHash: try row["case_hash"], status: ResultStatus(stored: try row["status"]))
        }
        let groups = try await rows("""
            SELECT evalset, prompt_id, backend, case_id, request_hash, COUNT(DISTINCT output_hash) AS variants, COUNT(*) AS n
            FROM results WHERE suite_id = ANY(\(suiteIDs)) AND status != 'error' AND output_hash IS NOT NULL
              AND request_hash IS NOT NULL
            GROUP BY evalset, prompt_id, backend, case_id, request_hash
            HAVING COUNT(DISTINCT output_hash) > 1 ORDER BY variants DESC, n DESC, evalset COLLATE "C", case_id COLLATE "C"
            """).map { row in
            CaseHistoryRows.OutputGroup(
                evalset: try row["evalset"], promptID: try row["prompt_id"], backend: try row["backend"],
                caseID: try row["case_id"], requestHash: try row["request_hash"], variants: try row["variants"], results: try row["n"])
        }
        var changed: [ChangedOutput] = []
        for group in groups.prefix(limit) {
            let samples = try await rows("""
                SELECT run_id, output, model, system_fingerprint FROM results
                WHERE suite_id = ANY(\(suiteIDs)) AND evalset = \(group.evalset) AND prompt_id = \(group.promptID)
                  AND backend = \(group.backend) AND case_id = \(group.caseID) AND request_hash = \(group.requestHash)
                  AND status != 'error' AND output IS NOT NULL
                ORDER BY run_id DESC, repeat_index DESC
                """).map { row in
                ChangedOutput.Sample(runID: try row["run_id"], output: try row["output"], model: try row["model"],
                                     systemFingerprint: try row["system_fingerprint"])
            }
            if let output = CaseHistoryRows.changedOutput(group, samples: samples) { changed.append(output) }
        }
        return CaseHistory(tracks: tracks.tracks, changedOutputs: changed, changedOutputCount: groups.count)
    }
}
