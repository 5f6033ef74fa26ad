/// The rows a store reads to summarise a run's suites, and the one place they become `SuiteSummary` values: each
/// store runs its own SQL, and both build the same summary from what it returns.
struct SuiteSummaryRows {
    /// Results of a suite with one status: how many, how many from the cache, what they and their judging cost.
    struct StatusRow {
        var suiteID: Int64, status: ResultStatus, count: Int, cached: Int, cost: Double?, judgeCost: Double?
    }

    var statuses: [StatusRow] = []
    /// How many results each backend answered, per suite.
    var answeredBy: [(suiteID: Int64, backend: String, count: Int)] = []
    /// Figures over whole suites (corpus BLEU), per suite.
    var metrics: [(suiteID: Int64, name: String, value: Double)] = []

    /// The suites' summaries, in the order of `suites`.
    func summaries(of suites: [Stored<SuiteRecord>]) -> [SuiteSummary] {
        var counts: [Int64: [ResultStatus: Int]] = [:]
        var spending: [Int64: (cached: Int, cost: Double?, judging: Double?)] = [:]
        for row in statuses {
            counts[row.suiteID, default: [:]][row.status] = row.count
            var entry = spending[row.suiteID, default: (0, nil, nil)]
            entry.cached += row.cached
            if let cost = row.cost { entry.cost = (entry.cost ?? 0) + cost }
            if let cost = row.judgeCost { entry.judging = (entry.judging ?? 0) + cost }
            spending[row.suiteID] = entry
        }
        var backends: [Int64: [String: Int]] = [:]
        for row in answeredBy { backends[row.suiteID, default: [:]][row.backend] = row.count }
        var figures: [Int64: [String: Double]] = [:]
        for row in metrics { figures[row.suiteID, default: [:]][row.name] = row.value }
        return suites.map { suite in
            let byStatus = counts[suite.id] ?? [:]
            let passed = byStatus[.passed] ?? 0, failed = byStatus[.failed] ?? 0
            let errored = byStatus[.error] ?? 0
            let spent = spending[suite.id]
            return SuiteSummary(suite: suite, total: passed + failed + errored, passed: passed, failed: failed, errored: errored,
                                metrics: figures[suite.id] ?? [:], skipped: byStatus[.skipped] ?? 0,
                                fromCache: spent?.cached ?? 0, generationCostUSD: spent?.cost, judgingCostUSD: spent?.judging,
                                answeredBy: backends[suite.id] ?? [:])
        }
    }
}
