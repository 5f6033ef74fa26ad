import Foundation

/// Pass/fail/error counts of one suite of a run.
public struct SuiteSummary: Sendable {
    public var suite: Stored<SuiteRecord>
    public var total: Int
    public var passed: Int
    public var failed: Int
    public var errored: Int
    /// Figures computed over the whole suite (corpus BLEU), by scorer name.
    public var metrics: [String: Double] = [:]
    /// Cells never sent because the run stopped at its cost budget (not in `total`).
    public var skipped = 0
    /// Answers read from the response cache.
    public var fromCache = 0
    /// What the answers cost (US dollars); nil when the backend has no prices. Cache hits cost nothing.
    public var generationCostUSD: Double? = nil
    /// What judging them cost (US dollars); nil when no priced judge was asked.
    public var judgingCostUSD: Double? = nil

    /// How many results each backend answered: the suite's own and its fallbacks.
    public var answeredBy: [String: Int] = [:]

    /// Both, nil when neither is priced.
    public var costUSD: Double? {
        guard generationCostUSD != nil || judgingCostUSD != nil else { return nil }
        return (generationCostUSD ?? 0) + (judgingCostUSD ?? 0)
    }

    /// Every result ended in an error: no pass rate to speak of (shown as n/a, not 0%).
    public var allErrored: Bool { total > 0 && errored == total }

    /// Passed over all results, errors included: an error is not a pass.
    public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
    public var meetsMinimum: Bool { passRate >= suite.minPassRate }
    /// Fewer results than cases × repeats: the run was interrupted, killed, or stopped at its budget.
    public var isComplete: Bool { total >= suite.caseCount * suite.repeats }

    /// One word for the summary table.
    public var verdict: String {
        if errored > 0 { return "ERRORS" }
        if !isComplete { return "INCOMPLETE" }
        return meetsMinimum ? "ok" : "BELOW MIN"
    }
}

/// A run with the counts of each of its suites.
public struct RunSummary: Sendable {
    public var run: Stored<RunRecord>
    public var suites: [SuiteSummary]
    /// The tags that point at this run now.
    public var tags: [String] = []
    /// For a run stored as running: whether its owner process is alive, gone (`run.status` then says abandoned), or
    /// cannot be checked from this host.
    public var ownerLiveness: RunOwner.Liveness? = nil

    public var total: Int { suites.reduce(0) { $0 + $1.total } }
    public var passed: Int { suites.reduce(0) { $0 + $1.passed } }
    public var failed: Int { suites.reduce(0) { $0 + $1.failed } }
    public var errored: Int { suites.reduce(0) { $0 + $1.errored } }
    public var skipped: Int { suites.reduce(0) { $0 + $1.skipped } }
    /// Every result ended in an error: the pass rate reads n/a.
    public var allErrored: Bool { total > 0 && errored == total }
    /// How many results each backend answered, over every suite.
    public var answeredBy: [String: Int] { suites.reduce(into: [:]) { totals, suite in totals.merge(suite.answeredBy, uniquingKeysWith: +) } }
    public var fromCache: Int { suites.reduce(0) { $0 + $1.fromCache } }
    public var generationCostUSD: Double? { Self.sum(suites.map(\.generationCostUSD)) }
    public var judgingCostUSD: Double? { Self.sum(suites.map(\.judgingCostUSD)) }
    public var costUSD: Double? { Self.sum(suites.map(\.costUSD)) }
    /// What each backend's answers cost (judging is counted apart), for backends with prices.
    public var costByBackend: [(backend: String, costUSD: Double)] {
        var costs: [String: Double] = [:]
        for suite in suites { if let cost = suite.generationCostUSD { costs[suite.suite.backend, default: 0] += cost } }
        return costs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func sum(_ values: [Double?]) -> Double? {
        let known = values.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +)
    }

    public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
}

/// A stored result with its scores.
public struct StoredResult: Sendable {
    public var result: Stored<ResultRecord>
    public var scores: [ScoreRecord]
}

/// An error reason of a run and how many results gave it.
public struct ErrorReason: Sendable, Equatable {
    public var reason: String
    public var backend: String
    public var count: Int

    public init(reason: String, backend: String, count: Int) {
        self.reason = reason
        self.backend = backend
        self.count = count
    }
}
