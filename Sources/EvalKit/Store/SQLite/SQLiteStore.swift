import Foundation
import GRDB

/// The results database: SQLite through GRDB, in WAL mode so readers never block the run writing to it.
///
/// Results are committed as they complete (those finishing during a commit share the next one, see `ResultWriter`),
/// so a run that is killed keeps every case that finished before the kill.
public final class SQLiteStore: ResultStore {
    public let path: String
    public var location: String { path }
    /// A `DatabasePool` (WAL) for a file; a `DatabaseQueue` for an in-memory database.
    let pool: any DatabaseWriter

    /// Opens and migrates the database at `path`; creates it when `create` is true (`run`), and otherwise refuses a
    /// missing file, so a mistyped `--db` on a read-only command is an error rather than an empty, all-clear answer.
    public init(path: String, create: Bool = true) throws(StoreError) {
        self.path = path
        if !create, !FileManager.default.fileExists(atPath: path) { throw StoreError.noDatabase(path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try Self.openPool(path: path, configuration: configuration)
            try StoreMigrations.migrate(pool)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// A private database in memory, gone when the store is: for tests of the runner and the analysis through the
    /// same protocol and SQL as a file.
    public static func inMemory() throws(StoreError) -> SQLiteStore {
        do {
            return try SQLiteStore(path: ":memory:", writer: DatabaseQueue())
        } catch {
            throw StoreError.cannotOpen(path: ":memory:", reason: "\(error)")
        }
    }

    private init(path: String, writer: any DatabaseWriter) throws {
        self.path = path
        pool = writer
        try StoreMigrations.migrate(writer)
    }

    /// How long opening waits for other processes opening or upgrading the same file: as long as the busy timeout.
    static let openingPatience: Duration = .seconds(10)

    /// Opens the pool, which switches a new file to WAL. While another process opens the same new file, SQLite can
    /// refuse that switch with SQLITE_BUSY at once, without waiting on the busy handler: so the opening is retried.
    static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + openingPatience
        var pause = 0.005
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where isContention(error) && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, 0.1)
            }
        }
    }

    /// Another connection holds a lock; GRDB reports a refused WAL switch that returned the old mode by its message.
    static func isContention(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || (error.message ?? "").contains("could not activate WAL")
    }

    public func insertRun(_ run: RunRecord) async throws -> Int64 {
        try await pool.write { db in
            try run.insert(db)
            return db.lastInsertedRowID
        }
    }

    /// Stores a suite with what its scorers' values mean.
    public func insertSuite(_ suite: SuiteRecord, scorers: [(name: String, scale: ScoreScale)]) async throws -> Int64 {
        try await pool.write { db in try Self.insertSuite(db, suite, scorers: scorers) }
    }

    /// Inserts a suite and its scorers' scales in the caller's transaction; returns the suite's id.
    static func insertSuite(_ db: Database, _ suite: SuiteRecord, scorers: [(name: String, scale: ScoreScale)]) throws -> Int64 {
        try suite.insert(db)
        let suiteID = db.lastInsertedRowID
        for (name, scale) in scorers {
            try db.execute(
                sql: "INSERT INTO suite_scorers (suite_id, scorer, kind, lower, upper) VALUES (?, ?, ?, ?, ?)",
                arguments: [suiteID, name, scale.kind.rawValue, scale.range.lowerBound, scale.range.upperBound])
        }
        return suiteID
    }

    /// Stores results and their scores in one transaction, through cached prepared statements: the hot path of a
    /// run, where encoding each record through `Codable` cost more CPU than SQLite itself.
    public func insertResults(_ entries: [ResultEntry]) async throws {
        try await pool.write { db in
            let insertResult = try db.cachedStatement(sql: """
                INSERT INTO results (run_id, suite_id, evalset, evalset_version, evalset_hash, case_id, case_hash,
                  prompt_id, prompt_hash, backend, model, repeat_index, request, output, status, error, latency_ms, ttft_ms,
                  prompt_tokens, completion_tokens, attempts, finish_reason, system_fingerprint, completed_at, request_hash,
                  output_hash, error_kind, cache_key, from_cache, cost_usd, judge_cost_usd, answered_by, cache_creation_input_tokens,
                  cache_read_input_tokens, flags)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertScore = try db.cachedStatement(sql: """
                INSERT INTO scores (result_id, scorer, value, threshold, passed, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                let r = entry.result
                if entry.replacesEarlier { try Self.supersede(db, r) }
                do {
                    try insertResult.execute(arguments: [
                        r.runID, r.suiteID, r.evalset, r.evalsetVersion, r.evalsetHash, r.caseID, r.caseHash, r.promptID,
                        r.promptHash, r.backend, r.model, r.repeatIndex, r.request, r.output.map(StoredText.storable), r.status.rawValue,
                        r.error.map(StoredText.storable), r.latencyMs,
                        r.ttftMs, r.promptTokens, r.completionTokens, r.attempts, r.finishReason, r.systemFingerprint, r.completedAt,
                        SHA256.hex(r.request), r.output.map { SHA256.hex(StoredText.storable($0)) }, r.errorKind?.rawValue,
                        r.cacheKey, r.fromCache, r.costUSD, r.judgeCostUSD, r.answeredBy, r.cacheCreationInputTokens, r.cacheReadInputTokens,
                        StoredText.flagsColumn(r.flags),
                    ])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    throw StoreError.duplicateCell(runID: r.runID, caseID: r.caseID, repeatIndex: r.repeatIndex)
                }
                let resultID = db.lastInsertedRowID
                for score in entry.scores {
                    try insertScore.execute(arguments: [
                        resultID, score.scorer, score.value, score.threshold, score.passed, StoredText.storable(score.reason), score.details?.canonicalJSON,
                    ])
                }
                for answer in entry.cacheEntries { try Self.storeCachedAnswer(db, answer) }
                for key in Set(entry.cacheKeysUsed + entry.cacheEntries.map(\.key)) {
                    try db.execute(sql: "INSERT OR IGNORE INTO run_cache_keys (run_id, key) VALUES (?, ?)", arguments: [r.runID, key])
                }
            }
        }
    }

    /// Moves the cell's stored error or skip (and its scores) to `superseded_results`, so the new result takes its
    /// place while the history keeps it. A stored pass or fail is left alone: inserting over it is refused.
    private static func supersede(_ db: Database, _ r: ResultRecord) throws {
        let condition = "suite_id = ? AND case_id = ? AND repeat_index = ? AND status IN ('error', 'skipped')"
        let arguments: StatementArguments = [r.suiteID, r.caseID, r.repeatIndex]
        try db.execute(sql: """
            INSERT INTO superseded_results (result_id, run_id, suite_id, case_id, repeat_index, status, error, error_kind,
              completed_at, superseded_at)
            SELECT id, run_id, suite_id, case_id, repeat_index, status, error, error_kind, completed_at, ? FROM results
            WHERE \(condition)
            """, arguments: [Date()] + arguments)
        try db.execute(sql: "DELETE FROM scores WHERE result_id IN (SELECT id FROM results WHERE \(condition))", arguments: arguments)
        try db.execute(sql: "DELETE FROM results WHERE \(condition)", arguments: arguments)
    }

    /// Stores a figure computed over a whole suite, such as corpus BLEU, under the scorer's name.
    public func insertSuiteMetric(suiteID: Int64, name: String, value: Double) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO suite_metrics (suite_id, name, value) VALUES (?, ?, ?)",
                arguments: [suiteID, name, value])
        }
    }

    public func finishRun(id: Int64, status: RunStatus, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", arguments: [status.rawValue, date, id])
        }
    }
}
