import Foundation
import GRDB

extension SQLiteStore {
    /// The completed runs `filter` selects with every suite's per-run figures, computed in SQL aggregates and one
    /// pass over the results' numbers (no outputs are read), so 200 runs × 1,000 cases stay fast.
    /// Throws `StoreError.unknownEvalsets` when the filter names an eval set no run has (a typo would otherwise
    /// look like a quiet history).
    public func history(_ filter: HistoryFilter) async throws -> RunHistory {
        try await pool.read { db in
            if !filter.evalsets.isEmpty {
                let known = try String.fetchAll(db, sql: "SELECT DISTINCT evalset FROM suites ORDER BY evalset")
                let unknown = filter.evalsets.filter { !known.contains($0) }
                if !unknown.isEmpty { throw StoreError.unknownEvalsets(unknown, known: known) }
            }
            var runQuery = RunRecord.filter(Column("status") == RunStatus.completed.rawValue)
            if let since = filter.since { runQuery = runQuery.filter(Column("started_at") >= since) }
            if !filter.evalsets.isEmpty {
                let evalsets = filter.evalsets
                runQuery = runQuery.filter(literal: "id IN (SELECT run_id FROM suites WHERE evalset IN \(evalsets))")
            }
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
            let summaries = try runs.map {
                RunSummary(run: $0, suites: try Self.suiteSummaries(db, runID: $0.id), tags: tags[$0.id]?.map(\.name) ?? [])
            }
            guard !ids.isEmpty else {
                var empty = RunHistory(filter: filter, runs: [], suites: [])
                empty.replayedRunIDs = replayed
                return empty
            }
            var suites = try Stored<SuiteRecord>.fetchAll(db, SuiteRecord.filter(literal: "run_id IN \(ids)"))
            if !filter.evalsets.isEmpty { suites = suites.filter { filter.evalsets.contains($0.evalset) } }
            let scorers = try Self.scorerPoints(db, runIDs: ids)
            let numbers = try Self.resultNumbers(db, runIDs: ids)
            let runsByID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0) })
            let points = suites.map { suite -> (SuiteKey, SuitePoint) in
                let figures = numbers[suite.id] ?? ResultNumbers()
                let cost: Double? = if let input = suite.inputUSDPerMTok, let output = suite.outputUSDPerMTok,
                                       figures.results > 0, figures.tokenResults > 0 {
                    (figures.promptTokens * input + figures.completionTokens * output) / 1_000_000 / Double(figures.tokenResults)
                } else { nil }
                return (SuiteKey(suite), SuitePoint(
                    run: runsByID[suite.runID]!, suite: suite, results: figures.results, errors: figures.errors,
                    scorers: scorers[suite.id] ?? [:], latency: Percentiles(figures.latencies),
                    timeToFirstToken: Percentiles(figures.ttfts),
                    promptTokensPerResult: figures.tokenResults > 0 ? figures.promptTokens / Double(figures.tokenResults) : nil,
                    completionTokensPerResult: figures.tokenResults > 0 ? figures.completionTokens / Double(figures.tokenResults) : nil,
                    costPerResult: cost,
                    systemFingerprints: figures.fingerprints.keysByFrequency, reportedModels: figures.models.keysByFrequency))
            }
            let histories = Dictionary(grouping: points, by: \.0).map { key, entries in
                SuiteHistory(key: key, points: entries.map(\.1).sorted { $0.runID < $1.runID })
            }.sorted { $0.key < $1.key }
            var history = RunHistory(filter: filter, runs: summaries, suites: histories)
            history.replayedRunIDs = replayed
            return history
        }
    }

    /// Per suite and scorer: counts and moments of the scores of results without errors, put on 0…1.
    private static func scorerPoints(_ db: Database, runIDs: [Int64]) throws -> [Int64: [String: ScorerPoint]] {
        var scales: [Int64: [String: ScoreScale]] = [:]
        for row in try SQLRequest<Row>(literal: """
            SELECT suite_scorers.* FROM suite_scorers JOIN suites ON suites.id = suite_scorers.suite_id
            WHERE suites.run_id IN \(runIDs)
            """).fetchAll(db) {
            let lower: Double = row["lower"], upper: Double = row["upper"]
            scales[row["suite_id"], default: [:]][row["scorer"]] = ScoreScale(
                kind: ScoreScale.Kind(rawValue: row["kind"]) ?? .continuous, range: lower...max(lower, upper))
        }
        var points: [Int64: [String: ScorerPoint]] = [:]
        for row in try SQLRequest<Row>(literal: """
            SELECT r.suite_id, s.scorer, COUNT(*) AS n, SUM(s.passed) AS passed, SUM(s.value) AS total,
                   SUM(s.value * s.value) AS squares, MIN(s.value) AS low, MAX(s.value) AS high,
                   SUM(CASE WHEN s.value IN (0, 1) THEN 0 ELSE 1 END) AS non_binary
            FROM scores s JOIN results r ON r.id = s.result_id
            WHERE r.run_id IN \(runIDs) AND r.status != 'error'
            GROUP BY r.suite_id, s.scorer
            """).fetchAll(db) {
            let suiteID: Int64 = row["suite_id"], name: String = row["scorer"], count: Int = row["n"]
            let nonBinary: Int = row["non_binary"], low: Double = row["low"], high: Double = row["high"]
            let scale = scales[suiteID]?[name] ?? .inferred(allBinary: nonBinary == 0, lowest: low, highest: high)
            let width = max(1e-12, scale.range.upperBound - scale.range.lowerBound)
            let total: Double = row["total"], squares: Double = row["squares"]
            let mean = total / Double(count)
            let variance = max(0, squares / Double(count) - mean * mean) * Double(count) / Double(max(1, count - 1))
            points[suiteID, default: [:]][name] = ScorerPoint(
                scale: scale, count: count, passed: row["passed"], meanScore: min(1, max(0, (mean - scale.range.lowerBound) / width)),
                standardDeviation: variance.squareRoot() / width)
        }
        return points
    }

    /// What one pass over a suite's results gives: counts, latencies, tokens and fingerprints.
    private struct ResultNumbers {
        var results = 0, errors = 0, tokenResults = 0
        var latencies: [Double] = [], ttfts: [Double] = []
        var promptTokens = 0.0, completionTokens = 0.0
        var fingerprints: [String: Int] = [:]
        var models: [String: Int] = [:]
    }

    private static func resultNumbers(_ db: Database, runIDs: [Int64]) throws -> [Int64: ResultNumbers] {
        var numbers: [Int64: ResultNumbers] = [:]
        let rows = try SQLRequest<Row>(literal: """
            SELECT suite_id, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, system_fingerprint, model
            FROM results WHERE run_id IN \(runIDs)
            """).fetchCursor(db)
        while let row = try rows.next() {
            let suiteID: Int64 = row[0]
            var entry = numbers[suiteID] ?? ResultNumbers()
            entry.results += 1
            if (row[1] as String) == ResultStatus.error.rawValue { entry.errors += 1 }
            if let latency = row[2] as Double? { entry.latencies.append(latency) }
            if let ttft = row[3] as Double? { entry.ttfts.append(ttft) }
            if let prompt = row[4] as Int?, let completion = row[5] as Int? {
                entry.tokenResults += 1
                entry.promptTokens += Double(prompt)
                entry.completionTokens += Double(completion)
            }
            if let fingerprint = row[6] as String? { entry.fingerprints[fingerprint, default: 0] += 1 }
            if (row[1] as String) != ResultStatus.error.rawValue, let model = row[7] as String?, !model.isEmpty {
                entry.models[model, default: 0] += 1
            }
            numbers[suiteID] = entry
        }
        return numbers
    }
}
