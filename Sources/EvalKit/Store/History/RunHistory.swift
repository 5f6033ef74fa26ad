/// The stored runs a report or drift check looks at, oldest first, with each eval set × prompt × backend's trend.
public struct RunHistory: Sendable {
    public let filter: HistoryFilter
    /// Completed runs in range, oldest first.
    public let runs: [RunSummary]
    /// In key order.
    public let suites: [SuiteHistory]
    /// Runs in range left out because they did not ask the model (`HistoryFilter.excludeReplayed`), oldest first.
    public var replayedRunIDs: [Int64] = []
    /// Runs in range stopped at their cost budget (`HistoryFilter.includeBudgetStopped`), oldest first: listed, never a
    /// point of `suites` (their skipped cells would read as a drop).
    public var budgetStoppedRuns: [RunSummary] = []

    public var runIDs: [Int64] { runs.map { $0.run.id } }
}
