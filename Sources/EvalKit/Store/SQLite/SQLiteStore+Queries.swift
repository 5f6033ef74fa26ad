import Foundation
import GRDB

extension SQLiteStore {
    /// Resolves `latest`, a numeric run id, a tag name (the run the tag was given to most recently) or a run key.
    public func runID(for reference: String) async throws -> Int64 {
        try await pool.read { db in
            if reference == "latest" {
                guard let id = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM runs") else { throw StoreError.noRuns }
                return id
            }
            if let id = Int64(reference) {
                guard try RunRecord.exists(db, key: id) else { throw StoreError.noSuchRun(reference) }
                return id
            }
            // A tag first; then the key of a sharded run (`run --run-key`), so `gate`, `report` and `runs wait` name it.
            if let id = try Self.resolveTag(db, name: reference) { return id }
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_key = ?", arguments: [reference]) { return id }
            throw StoreError.noSuchTag(reference, known: try Self.currentTags(db).map(\.name))
        }
    }

    /// The newest migration applied, e.g. `v7-run-owner`.
    public func schemaVersion() async throws -> String {
        try await pool.read { db in
            try StoreMigrations.migrator.appliedMigrations(db).last ?? "empty"
        }
    }

    /// What each suite's scorers' values mean, by suite id and scorer name (empty for runs stored before v4).
    public func scorerScales(ofRun id: Int64) async throws -> [Int64: [String: ScoreScale]] {
        try await pool.read { db in
            HistoryRows.scales(try Row.fetchAll(db, sql: """
                SELECT suite_scorers.* FROM suite_scorers JOIN suites ON suites.id = suite_scorers.suite_id
                WHERE suites.run_id = ?
                """, arguments: [id]).map(Self.scaleRow))
        }
    }

    /// The newest runs first.
    public func recentRuns(limit: Int) async throws -> [RunSummary] {
        let system = ProcessTable.live
        return try await pool.read { db in
            let runs = try Stored<RunRecord>.fetchAll(db, RunRecord.order(Column("id").desc).limit(limit))
            let tags = Dictionary(grouping: try Self.currentTags(db), by: \.runID)
            return try runs.map {
                let (run, liveness) = $0.resolvingOwner(in: system)
                return RunSummary(run: run, suites: try Self.suiteSummaries(db, runID: run.id), tags: tags[run.id]?.map(\.name) ?? [],
                                  ownerLiveness: liveness)
            }
        }
    }

    public func summary(ofRun id: Int64) async throws -> RunSummary {
        let system = ProcessTable.live
        return try await pool.read { db in
            guard let stored = try Stored<RunRecord>.fetchOne(db, RunRecord.filter(key: id)) else { throw StoreError.noSuchRun(String(id)) }
            let tags = try Self.currentTags(db).filter { $0.runID == id }.map(\.name)
            let (run, liveness) = stored.resolvingOwner(in: system)
            return RunSummary(run: run, suites: try Self.suiteSummaries(db, runID: id), tags: tags, ownerLiveness: liveness)
        }
    }

    /// Every result of a run with its scores, in suite then case order.
    public func results(ofRun id: Int64) async throws -> [StoredResult] {
        try await pool.read { db in
            let results = try Stored<ResultRecord>.fetchAll(db, ResultRecord.filter(Column("run_id") == id).order(Column("suite_id"), Column("id")))
            let scores = try ScoreRecord.fetchAll(db, sql: """
                SELECT scores.* FROM scores JOIN results ON results.id = scores.result_id
                WHERE results.run_id = ? ORDER BY scores.id
                """, arguments: [id])
            return StoredResult.joining(results, scores: scores)
        }
    }

    static func suiteSummaries(_ db: Database, runID: Int64) throws -> [SuiteSummary] {
        let suites = try Stored<SuiteRecord>.fetchAll(db, SuiteRecord.filter(Column("run_id") == runID).order(Column("id")))
        // Cost: as stored with each answer; for results stored before v10, from their tokens and the suite's prices.
        let rows = try Row.fetchAll(db, sql: """
            SELECT results.suite_id, results.status, COUNT(*) AS n, SUM(results.from_cache) AS cached,
              SUM(COALESCE(results.cost_usd, CASE WHEN results.from_cache THEN 0 ELSE
                (COALESCE(results.prompt_tokens, 0) * suites.input_usd_per_mtok
                 + COALESCE(results.completion_tokens, 0) * suites.output_usd_per_mtok) / 1000000.0 END)) AS cost,
              SUM(results.judge_cost_usd) AS judge_cost
            FROM results JOIN suites ON suites.id = results.suite_id
            WHERE results.run_id = ? GROUP BY results.suite_id, results.status
            """, arguments: [runID])
        var assembly = SuiteSummaryRows()
        assembly.statuses = rows.map {
            SuiteSummaryRows.StatusRow(suiteID: $0["suite_id"], status: ResultStatus(stored: $0["status"]), count: $0["n"], cached: $0["cached"] ?? 0,
                                       cost: $0["cost"], judgeCost: $0["judge_cost"])
        }
        assembly.answeredBy = try Row.fetchAll(db, sql: """
            SELECT suite_id, answered_by, COUNT(*) AS n FROM results WHERE run_id = ? AND answered_by IS NOT NULL
            GROUP BY suite_id, answered_by
            """, arguments: [runID]).map { ($0["suite_id"], $0["answered_by"], $0["n"]) }
        assembly.metrics = try Row.fetchAll(db, sql: """
            SELECT suite_metrics.suite_id, suite_metrics.name, suite_metrics.value FROM suite_metrics
            JOIN suites ON suites.id = suite_metrics.suite_id WHERE suites.run_id = ?
            """, arguments: [runID]).map { ($0["suite_id"], $0["name"], $0["value"]) }
        return assembly.summaries(of: suites)
    }

    /// The most frequent error reasons of a run, with the backend and how many results gave each.
    public func errorReasons(ofRun id: Int64, limit: Int) async throws -> [ErrorReason] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT error, backend, COUNT(*) AS n FROM results WHERE run_id = ? AND status = 'error' AND error IS NOT NULL
                GROUP BY error, backend ORDER BY n DESC, error LIMIT ?
                """, arguments: [id, limit]).map { ErrorReason(reason: $0["error"], backend: $0["backend"], count: $0["n"]) }
        }
    }
}
