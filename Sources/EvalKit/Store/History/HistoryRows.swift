/// The rows a store reads for a history, and the one place they become trend points: each store runs its own SQL
/// (aggregates and one pass over the results' numbers, never their outputs), and both build the same `RunHistory`.
enum HistoryRows {
    /// A row of `suite_scorers`: what a scorer's values mean in one suite.
    struct ScaleRow {
        var suiteID: Int64, scorer: String, kind: String, lower: Double, upper: Double
    }

    /// Counts and moments of one scorer's scores in one suite, over results without errors.
    struct ScorerAggregate {
        var suiteID: Int64, scorer: String, count: Int, passed: Int, total: Double, squares: Double
        var low: Double, high: Double, nonBinary: Int
    }

    /// What one pass over a suite's results gives: counts, latencies, tokens and fingerprints.
    struct ResultNumbers {
        var results = 0, errors = 0, tokenResults = 0
        var latencies: [Double] = [], ttfts: [Double] = []
        var promptTokens = 0.0, completionTokens = 0.0
        var fingerprints: [String: Int] = [:]
        var models: [String: Int] = [:]

        mutating func add(status: ResultStatus, latencyMs: Double?, ttftMs: Double?, promptTokens prompt: Int?,
                          completionTokens completion: Int?, systemFingerprint: String?, model: String?) {
            results += 1
            let isError = status == .error
            if isError { errors += 1 }
            if let latencyMs { latencies.append(latencyMs) }
            if let ttftMs { ttfts.append(ttftMs) }
            if let prompt, let completion {
                tokenResults += 1
                promptTokens += Double(prompt)
                completionTokens += Double(completion)
            }
            if let systemFingerprint { fingerprints[systemFingerprint, default: 0] += 1 }
            if !isError, let model, !model.isEmpty { models[model, default: 0] += 1 }
        }
    }

    /// Scales by suite id and scorer name.
    static func scales(_ rows: [ScaleRow]) -> [Int64: [String: ScoreScale]] {
        var scales: [Int64: [String: ScoreScale]] = [:]
        for row in rows {
            scales[row.suiteID, default: [:]][row.scorer] = ScoreScale(
                kind: ScoreScale.Kind(rawValue: row.kind) ?? .continuous, range: row.lower...max(row.lower, row.upper))
        }
        return scales
    }

    /// Per suite and scorer, the scores put on 0…1: by the recorded scale, else one inferred from the values.
    static func scorerPoints(_ rows: [ScorerAggregate], scales: [Int64: [String: ScoreScale]]) -> [Int64: [String: ScorerPoint]] {
        var points: [Int64: [String: ScorerPoint]] = [:]
        for row in rows {
            let scale = scales[row.suiteID]?[row.scorer] ?? .inferred(allBinary: row.nonBinary == 0, lowest: row.low, highest: row.high)
            let width = max(1e-12, scale.range.upperBound - scale.range.lowerBound)
            let count = row.count
            let mean = row.total / Double(count)
            let variance = max(0, row.squares / Double(count) - mean * mean) * Double(count) / Double(max(1, count - 1))
            points[row.suiteID, default: [:]][row.scorer] = ScorerPoint(
                scale: scale, count: count, passed: row.passed,
                meanScore: min(1, max(0, (mean - scale.range.lowerBound) / width)), standardDeviation: variance.squareRoot() / width)
        }
        return points
    }

    /// One trend per eval set × prompt × backend, in key order, each with a point per run, oldest first.
    static func suiteHistories(runs: [Stored<RunRecord>], suites: [Stored<SuiteRecord>], scorers: [Int64: [String: ScorerPoint]],
                               numbers: [Int64: ResultNumbers]) -> [SuiteHistory] {
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
        return Dictionary(grouping: points, by: \.0).map { key, entries in
            SuiteHistory(key: key, points: entries.map(\.1).sorted { $0.runID < $1.runID })
        }.sorted { $0.key < $1.key }
    }
}
