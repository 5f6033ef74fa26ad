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

    /// Passed over all results, errors included: an error is not a pass.
    public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
    public var meetsMinimum: Bool { passRate >= suite.minPassRate }
    /// Fewer results than cases × repeats: the run was interrupted or killed.
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
    public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
}

/// A stored result with its scores.
public struct StoredResult: Sendable {
    public var result: Stored<ResultRecord>
    public var scores: [ScoreRecord]
}
