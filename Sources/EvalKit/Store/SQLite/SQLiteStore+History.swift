import Foundation
import GRDB

extension SQLiteStore {
    /// The completed runs `filter` selects with every suite's per-run figures, computed in SQL aggregates and one
    /// pass over the results' numbers (no outputs are read), so 200 runs × 1,000 cases stay fast; and, when the filter
    /// asks, the budget-stopped runs in range, apart and with their counts only.
    /// Throws `StoreError.unknownEvalsets` when the filter names an eval set no run has (a typo would otherwise
    /// look like a quiet history).
    public func history(_ filter: HistoryFilter) async throws -> RunHistory {
        try await pool.read { db in
            if !filter.evalsets.isEmpty {
                let known = try String.fetchAll(db, sql: "SELECT DISTINCT evalset FROM suites ORDER BY evalset")
                let unknown = filter.evalsets.filter { !known.contains($0) }
                if !unknown.isEmpty { throw StoreError.unknownEvalsets(unknown, known: known) }
            }
            var inRange = RunRecord.all()
            if let since = filter.since { inRange = inRange.filter(Column("started_at") >= since) }
            if !filter.evalsets.isEmpty {
                let evalsets = filter.evalsets
                inRange = inRange.filter(literal: "id IN (SELECT run_id FROM suites WHERE evalset IN \(evalsets))")
            }
            var runQuery = inRange.filter(Column("status") == RunStatus.completed.rawValue)
            var replayed: [Int64] = []
            if filter.excludeReplayed {
                replayed = try Int64.fetchAll(db, runQuery.select(Column("id")).filter(literal: """
                    rescored_from IS NOT NULL OR EXISTS (SELECT 1 FROM results WHERE results.run_id = runs.id AND results.from_cache)
                    """).order(Column("id")))
                if !replayed.isEmpty { runQuery = runQuery.filter(!replayed.contains(Column("id"))) }
            }
            var runs = try Stored<RunRecord>.fetchAll(db, runQuery.order(Column("id").desc).limit(filter.last ?? Int.max))
            runs.reverse()
            let ids = runs.map { $0.id }
            let tags = Dictionary(grouping: try Self.currentTags(db), by: \.runID)
            func summary(_ run: Stored<RunRecord>) throws -> RunSummary {
                RunSummary(run: run, suites: try Self.suiteSummaries(db, runID: run.id), tags: tags[run.id]?.map(\.name) ?? [])
            }
            let summaries = try runs.map(summary)
            var stopped: [RunSummary] = []
            if filter.includeBudgetStopped {
                let query = inRange.filter(Column("status") == RunStatus.budgetStopped.rawValue)
                stopped = try Stored<RunRecord>.fetchAll(db, query.order(Column("id").desc).limit(filter.last ?? Int.max)).reversed().map(summary)
            }
            guard !ids.isEmpty else {
                var empty = RunHistory(filter: filter, runs: [], suites: [])
                (empty.replayedRunIDs, empty.budgetStoppedRuns) = (replayed, stopped)
                return empty
            }
            var suites = try Stored<SuiteRecord>.fetchAll(db, SuiteRecord.filter(literal: "run_id IN \(ids)"))
            if !filter.evalsets.isEmpty { suites = suites.filter { filter.evalsets.contains($0.evalset) } }
            let histories = HistoryRows.suiteHistories(runs: runs, suites: suites, scorers: try Self.scorerPoints(db, runIDs: ids),
                                                       numbers: try Self.resultNumbers(db, runIDs: ids))
            var history = RunHistory(filter: filter, runs: summaries, suites: histories)
            (history.replayedRunIDs, history.budgetStoppedRuns) = (replayed, stopped)
            return history
        }
    }

    /// Per suite and scorer: counts and moments of the scores of results without errors, put on 0…1.
    private static func scorerPoints(_ db: Database, runIDs: [Int64]) throws -> [Int64: [String: ScorerPoint]] {
        let scales = try SQLRequest<Row>(literal: """
            SELECT suite_scorers.* FROM suite_scorers JOIN suites ON suites.id = suite_scorers.suite_id
            WHERE suites.run_id IN \(runIDs)
            """).fetchAll(db).map(Self.scaleRow)
        let aggregates = try SQLRequest<Row>(literal: """
            SELECT r.suite_id, s.scorer, COUNT(*) AS n, SUM(s.passed) AS passed, SUM(s.value) AS total,
                   SUM(s.value * s.value) AS squares, MIN(s.value) AS low, MAX(s.value) AS high,
                   SUM(CASE WHEN s.value IN (0, 1) THEN 0 ELSE 1 END) AS non_binary
            FROM scores s JOIN results r ON r.id = s.result_id
            WHERE r.run_id IN \(runIDs) AND r.status != 'error'
            GROUP BY r.suite_id, s.scorer
            """).fetchAll(db).map { row in
            HistoryRows.ScorerAggregate(suiteID: row["suite_id"], scorer: row["scorer"], count: row["n"], passed: row["passed"],
                                        total: row["total"], squares: row["squares"], low: row["low"], high: row["high"],
                                        nonBinary: row["non_binary"])
        }
        return HistoryRows.scorerPoints(aggregates, scales: HistoryRows.scales(scales))
    }

    static func scaleRow(_ row: Row) -> HistoryRows.ScaleRow {
        HistoryRows.ScaleRow(suiteID: row["suite_id"], scorer: row["scorer"], kind: row["kind"], lower: row["lower"], upper: row["upper"])
    }

    private static func resultNumbers(_ db: Database, runIDs: [Int64]) throws -> [Int64: HistoryRows.ResultNumbers] {
        var numbers: [Int64: HistoryRows.ResultNumbers] = [:]
        let rows = try SQLRequest<Row>(literal: """
            SELECT suite_id, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, system_fingerprint, model
            FROM results WHERE run_id IN \(runIDs)
            """).fetchCursor(db)
        while let row = try rows.next() {
            numbers[row[0], default: HistoryRows.ResultNumbers()].add(
                status: ResultStatus(stored: row[1]), latencyMs: row[2], ttftMs: row[3], promptTokens: row[4], completionTokens: row[5],
                systemFingerprint: row[6], model: row[7])
        }
        return numbers
    }
}
