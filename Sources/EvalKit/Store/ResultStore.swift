import Foundation

/// Where runs, suites, results and scores are kept: what the runner writes and what comparison, history, drift,
/// tags and reports read. Every layer above the store names this protocol only; `SQLiteStore` (Store/SQLite/, the
/// one folder that imports GRDB) implements it, and a second store (PostgreSQL) is one more folder beside it.
///
///     let store = try StoreLocation.open("evals.sqlite", create: false)
///     let summary = try await store.summary(ofRun: try await store.runID(for: "main"))
public protocol ResultStore: Sendable {
    /// Where the store is, for messages and reports: a file path, or a URL without credentials.
    var location: String { get }
    /// The newest migration applied, e.g. `v8-error-kind`.
    func schemaVersion() async throws -> String

    /// Stores a new run; returns its id.
    func insertRun(_ run: RunRecord) async throws -> Int64
    /// Stores a suite with what its scorers' values mean; returns its id.
    func insertSuite(_ suite: SuiteRecord, scorers: [(name: String, scale: ScoreScale)]) async throws -> Int64
    /// Stores results with their scores and what came with them (cache entries, cache keys used), all or none. An
    /// entry that `replacesEarlier` moves the cell's stored error or skip to the history first; any other second
    /// result for a stored cell is refused (`StoreError.duplicateCell`).
    func insertResults(_ entries: [ResultEntry]) async throws
    /// Stores a figure computed over a whole suite (corpus BLEU) under the scorer's name, replacing an earlier one.
    func insertSuiteMetric(suiteID: Int64, name: String, value: Double) async throws
    /// Marks a run finished with `status`.
    func finishRun(id: Int64, status: RunStatus, at date: Date) async throws
    /// Marks a stopped run running again, owned by `owner` (`run --resume`), with the budget of this attempt.
    func reopenRun(id: Int64, owner: RunOwner, maxCostUSD: Double?) async throws
    /// The cells a run has stored and how each ended, for `run --resume`.
    func storedCells(ofRun id: Int64) async throws -> [CellKey: ResultStatus]
    /// The most frequent error reasons of a run, most frequent first.
    func errorReasons(ofRun id: Int64, limit: Int) async throws -> [ErrorReason]
    /// How many results of the run were moved to the history because a resumed run sent their cells again.
    func supersededCount(ofRun id: Int64) async throws -> Int

    /// The answer stored under `key`, if any.
    func cachedAnswer(key: String) async throws -> CachedAnswer?
    /// Stores answers under their keys, replacing what is stored under the same key; returns how many keys were new.
    @discardableResult
    func storeCachedAnswers(_ answers: [CachedAnswer]) async throws -> Int
    /// What `cache export RUN` writes: every entry the run read or recorded, and the answers of its results the cache
    /// does not hold (a run with `--cache off`), in result order.
    func cachedAnswers(ofRun id: Int64) async throws -> [CachedAnswer]
    func cacheStatistics() async throws -> CacheStatistics
    /// Deletes entries recorded before `date`; returns how many.
    func pruneCache(recordedBefore date: Date) async throws -> Int

    /// Points the tag `name` at run `id` (a tag moves; every tagging is kept).
    func tag(run id: Int64, as name: String, at date: Date) async throws
    /// Every tag and the run it points at now.
    func currentTags() async throws -> [RunTag]

    /// Resolves `latest`, a run id, a tag, or the run key of a sharded run.
    func runID(for reference: String) async throws -> Int64
    /// The newest runs first, with their suites' counts.
    func recentRuns(limit: Int) async throws -> [RunSummary]
    func summary(ofRun id: Int64) async throws -> RunSummary
    /// Every result of a run: for a command that shows them all (`runs show`, `compare`). A run's after-work reads
    /// pages (`forEachResultPage`) and `suiteFigures` instead, so its memory does not grow with the run.
    func results(ofRun id: Int64) async throws -> [StoredResult]
    /// Up to `limit` of a suite's results with their scores, those with an id above `after` (from the first when nil),
    /// in id order.
    func results(ofSuite suiteID: Int64, after: Int64?, limit: Int) async throws -> [StoredResult]
    /// Figures over each suite's results (count, latency sum and medians, answering models), by suite id.
    func suiteFigures(ofRun id: Int64) async throws -> [Int64: SuiteResultFigures]
    /// Each suite's scorers and their scales, by suite id.
    func scorerScales(ofRun id: Int64) async throws -> [Int64: [String: ScoreScale]]
    /// The completed runs `filter` selects, with per-suite figures for trends and drift.
    func history(_ filter: HistoryFilter) async throws -> RunHistory
    /// Per-case tracks over `history`'s runs: flips, failures, changed outputs.
    func caseHistory(_ history: RunHistory, limit: Int) async throws -> CaseHistory
    /// Every shift `evalctl drift` has delivered (the alert ledger), oldest first.
    func driftAlerts() async throws -> [DriftAlert]
    /// Records shifts as delivered.
    func recordDriftAlerts(_ alerts: [DriftAlert]) async throws
    /// Stores people's labels on results in one transaction; an unknown result id stores nothing
    /// (`StoreError.noSuchResult`).
    func recordReviewLabels(_ labels: [ReviewLabel]) async throws
    /// Each reviewer's current (newest) label on the run's results, by result id then reviewer.
    func reviewLabels(ofRun id: Int64) async throws -> [ReviewLabel]
    /// Every label ever given to a result, oldest first.
    func reviewLabelHistory(resultID: Int64) async throws -> [ReviewLabel]

    /// Stores production feedback in one transaction, keyed by `id`: a stored id with the same content is left alone;
    /// with different content it is replaced when `replace`, else nothing at all is stored (see `changedIDs`).
    func importFeedback(_ records: [FeedbackRecord], replace: Bool) async throws -> FeedbackImportOutcome
    /// Feedback rated (or, without a time, imported) at or after `since` (all when nil), oldest first; with `down`,
    /// only down-votes (true) or only the rest (false).
    func feedback(since: Date?, down: Bool?) async throws -> [FeedbackRecord]
    /// The votes of `feedback(since:down:)` without their text, oldest first: what reports count.
    func feedbackVotes(since: Date?) async throws -> [FeedbackVote]
    /// Which of `ids` name stored results (`review import` checks every line's id before storing any label).
    func existingResultIDs(among ids: [Int64]) async throws -> Set<Int64>

    // Sharded runs: `run --shard K/N --run-key KEY` and `runs wait`.

    /// The run stored under `run.runKey`, created from `run` if there is none yet: of shards starting at once, exactly
    /// one creates it and the others join it. A stored run with another configuration hash, matrix hash or shard count
    /// is refused (`StoreError.shardMismatch`), so shards of different runs never mix.
    func joinShardedRun(_ run: RunRecord) async throws -> (id: Int64, created: Bool)
    /// The ids of a sharded run's suites (by run, eval set, prompt and backend), storing those not stored yet; a stored
    /// suite whose eval set or prompt content differs is refused (`StoreError.shardMismatch`).
    func joinSuites(_ suites: [(record: SuiteRecord, scorers: [(name: String, scale: ScoreScale)])]) async throws -> [Int64]
    /// Claims a shard for `shard.owner` in one transaction: `check` sees the shard's earlier attempt (nil if none) and
    /// throws to refuse. Otherwise the shard is stored as running (its attempts counted), a finished run is marked
    /// running again, and the earlier attempt is returned.
    func claimShard(_ shard: RunShard, check: @escaping @Sendable (RunShard?) throws -> Void) async throws -> RunShard?
    /// Records that the process running a shard is alive.
    func beatShardHeartbeat(runID: Int64, index: Int, at date: Date) async throws
    /// Marks a shard finished and returns the run's shards as they are after it, read in the same transaction: of
    /// shards finishing at once, exactly one sees them all finished (and closes the run).
    func finishShard(runID: Int64, index: Int, status: RunStatus, at date: Date) async throws -> ShardedRunState
    /// A sharded run's shards as stored; nil for a run of one process.
    func shardedRun(id: Int64) async throws -> ShardedRunState?
    /// The run stored under a run key; nil while no shard has created it.
    func runID(forKey key: String) async throws -> Int64?

    // `db copy`: whole tables, as they are.

    /// Up to `limit` rows of `table` (one of `StoreTables.copied`) from where `after` points (the start when nil).
    func tableRows(_ table: String, after: Int64?, limit: Int) async throws -> StoreTablePage
    /// Stores rows as they are, ids included, in one transaction.
    func insertTableRows(_ page: StoreTablePage, into table: String) async throws
    /// After a copy, whatever the store needs so the next rows stored get fresh ids.
    func finishTableCopy() async throws
    /// How many rows each of `StoreTables.copied` holds.
    func tableRowCounts() async throws -> [String: Int]
}

extension ResultStore {
    public func insertSuite(_ suite: SuiteRecord) async throws -> Int64 {
        try await insertSuite(suite, scorers: [])
    }

    public func insertResult(_ result: ResultRecord, scores: [Score]) async throws {
        try await insertResults([ResultEntry(result: result, scores: scores)])
    }

    public func finishRun(id: Int64, status: RunStatus) async throws {
        try await finishRun(id: id, status: status, at: Date())
    }

    public func tag(run id: Int64, as name: String) async throws {
        try await tag(run: id, as: name, at: Date())
    }

    public func recentRuns() async throws -> [RunSummary] {
        try await recentRuns(limit: 20)
    }

    public func caseHistory(_ history: RunHistory) async throws -> CaseHistory {
        try await caseHistory(history, limit: 20)
    }

    /// Calls `body` with each page of a suite's results, in id order, holding one page at a time: every result exactly
    /// once, however many there are.
    public func forEachResultPage(ofSuite suiteID: Int64, pageSize: Int = 500,
                                  _ body: ([StoredResult]) async throws -> Void) async throws {
        precondition(pageSize > 0, "a page holds at least one result")
        var after: Int64?
        while true {
            let page = try await results(ofSuite: suiteID, after: after, limit: pageSize)
            guard let last = page.last else { return }
            precondition(after.map { page[0].result.id > $0 } ?? true, "a page must start after the id asked for")
            try await body(page)
            if page.count < pageSize { return }
            after = last.result.id
        }
    }
}

/// One cell of a run's matrix: a case × repeat within a suite. A run stores at most one result per cell.
public struct CellKey: Sendable, Hashable {
    public var suiteID: Int64
    public var caseID: String
    public var repeatIndex: Int

    public init(suiteID: Int64, caseID: String, repeatIndex: Int) {
        self.suiteID = suiteID
        self.caseID = caseID
        self.repeatIndex = repeatIndex
    }
}

/// Which store a `--db` value or `EVALCTL_DB` names, and opening it.
public enum StoreLocation {
    public static let defaultPath = "evals.sqlite"

    /// The store to use: `--db` if given, else `EVALCTL_DB`, else `evals.sqlite` in the current directory.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        option ?? environment["EVALCTL_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
    }

    /// Opens (and migrates) the store at `location`: a `postgres://` or `postgresql://` URL names a PostgreSQL
    /// database (`PostgresStore`, which connects and migrates on first use), anything else an SQLite file. With
    /// `create` false a missing database is an error, so a mistyped `--db` on a read-only command is not an empty,
    /// all-clear answer.
    public static func open(_ location: String, create: Bool = true) throws(StoreError) -> any ResultStore {
        if PostgresURL.isPostgres(location) { return try PostgresStore(url: location, create: create) }
        return try SQLiteStore(path: location, create: create)
    }
}
