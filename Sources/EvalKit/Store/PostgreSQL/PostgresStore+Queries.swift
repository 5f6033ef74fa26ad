import Foundation
import PostgresNIO

// Text is ordered `COLLATE "C"` (by code point, as SQLite orders it) wherever the order is shown, whatever the
// database's own collation.
extension PostgresStore {
    public func runID(for reference: String) async throws -> Int64 {
        if reference == "latest" {
            guard let id: Int64 = try await rows("SELECT MAX(id) AS id FROM runs")[0]["id"] else { throw StoreError.noRuns }
            return id
        }
        if let id = Int64(reference) {
            guard try await !rows("SELECT 1 FROM runs WHERE id = \(id)").isEmpty else { throw StoreError.noSuchRun(reference) }
            return id
        }
        // A tag first; then the key of a sharded run (`run --run-key`).
        if let row = try await rows("SELECT run_id FROM run_tags WHERE name = \(reference) ORDER BY id DESC LIMIT 1").first {
            return try row["run_id"]
        }
        if let id = try await runID(forKey: reference) { return id }
        throw StoreError.noSuchTag(reference, known: try await currentTags().map(\.name))
    }

    public func tag(run id: Int64, as name: String, at date: Date) async throws {
        try RunTag.checkName(name)
        try await transaction { connection in
            guard try await !Self.rows(connection, "SELECT 1 FROM runs WHERE id = \(id)").isEmpty else {
                throw StoreError.noSuchRun(String(id))
            }
            try await connection.query("INSERT INTO run_tags (run_id, name, tagged_at) VALUES (\(id), \(name), \(date))",
                                       logger: Self.logger)
        }
    }

    public func currentTags() async throws -> [RunTag] {
        try await rows("""
            SELECT name, run_id, tagged_at FROM run_tags
            WHERE id IN (SELECT MAX(id) FROM run_tags GROUP BY name) ORDER BY name COLLATE "C"
            """).map { RunTag(name: try $0["name"], runID: try $0["run_id"], taggedAt: try $0["tagged_at"]) }
    }

    public func scorerScales(ofRun id: Int64) async throws -> [Int64: [String: ScoreScale]] {
        HistoryRows.scales(try await scaleRows(runIDs: [id]))
    }

    func scaleRows(runIDs: [Int64]) async throws -> [HistoryRows.ScaleRow] {
        try await rows("""
            SELECT suite_scorers.* FROM suite_scorers JOIN suites ON suites.id = suite_scorers.suite_id
            WHERE suites.run_id = ANY(\(runIDs))
            """).map { row in
            HistoryRows.ScaleRow(suiteID: try row["suite_id"], scorer: try row["scorer"], kind: try row["kind"],
                                 lower: try row["lower"], upper: try row["upper"])
        }
    }

    public func recentRuns(limit: Int) async throws -> [RunSummary] {
        let system = ProcessTable.live
        let runs = try await rows("SELECT * FROM runs ORDER BY id DESC LIMIT \(limit)").map { try $0.run }
        let tags = Dictionary(grouping: try await currentTags(), by: \.runID)
        var summaries: [RunSummary] = []
        for stored in runs {
            let (run, liveness) = stored.resolvingOwner(in: system)
            summaries.append(RunSummary(run: run, suites: try await suiteSummaries(runID: run.id),
                                        tags: tags[run.id]?.map(\.name) ?? [], ownerLiveness: liveness))
        }
        return summaries
    }

    public func summary(ofRun id: Int64) async throws -> RunSummary {
        guard let stored = try await rows("SELECT * FROM runs WHERE id = \(id)").first?.run else { throw StoreError.noSuchRun(String(id)) }
        let tags = try await currentTags().filter { $0.runID == id }.map(\.name)
        let (run, liveness) = stored.resolvingOwner(in: ProcessTable.live)
        return RunSummary(run: run, suites: try await suiteSummaries(runID: id), tags: tags, ownerLiveness: liveness)
    }

    public func results(ofRun id: Int64) async throws -> [StoredResult] {
        let results = try await rows("SELECT * FROM results WHERE run_id = \(id) ORDER BY suite_id, id").map { try $0.result }
        let scores = try await rows("""
            SELECT scores.* FROM scores JOIN results ON results.id = scores.result_id WHERE results.run_id = \(id) ORDER BY scores.id
            """).map { try $0.score }
        return StoredResult.joining(results, scores: scores)
    }

    public func results(ofSuite suiteID: Int64, after: Int64?, limit: Int) async throws -> [StoredResult] {
        let results = try await rows("""
            SELECT * FROM results WHERE suite_id = \(suiteID) AND id > \(after ?? Int64.min) ORDER BY id LIMIT \(max(0, limit))
            """).map { try $0.result }
        guard let first = results.first?.id, let last = results.last?.id else { return [] }
        let scores = try await rows("""
            SELECT scores.* FROM scores JOIN results ON results.id = scores.result_id
            WHERE results.suite_id = \(suiteID) AND scores.result_id BETWEEN \(first) AND \(last) ORDER BY scores.id
            """).map { try $0.score }
        return StoredResult.joining(results, scores: scores)
    }

    public func suiteFigures(ofRun id: Int64) async throws -> [Int64: SuiteResultFigures] {
        var figures: [Int64: SuiteResultFigures] = [:]
        for suite in try await rows("SELECT id FROM suites WHERE run_id = \(id) ORDER BY id") {
            let suiteID: Int64 = try suite["id"]
            var entry = SuiteResultFigures()
            for row in try await rows("SELECT latency_ms FROM results WHERE suite_id = \(suiteID) ORDER BY id") {
                entry.count += 1
                entry.latencySumMs += (try row["latency_ms"] as Double?) ?? 0
            }
            entry.latencyMedianMs = try await median("latency_ms", suiteID: suiteID)
            entry.ttftMedianMs = try await median("ttft_ms", suiteID: suiteID)
            for row in try await rows("""
                SELECT model, COUNT(*) AS n FROM results WHERE suite_id = \(suiteID) AND status != \(ResultStatus.error.rawValue)
                  AND model != '' GROUP BY model
                """) {
                entry.modelCounts[try row["model"]] = try row["n"]
            }
            entry.refusals = try await rows("""
                SELECT COUNT(*) AS n FROM results WHERE suite_id = \(suiteID) AND finish_reason = ANY(\(FinishReason.refusals))
                """)[0]["n"]
            figures[suiteID] = entry
        }
        return figures
    }

    /// The middle value, or the mean of the middle two, found by the same sort as SQLite's (not `percentile_cont`,
    /// whose interpolation can differ in the last bit).
    private func median(_ column: String, suiteID: Int64) async throws -> Double? {
        let name = column == "ttft_ms" ? "ttft_ms" : "latency_ms"
        let count: Int = try await rows(PostgresQuery(unsafeSQL: "SELECT COUNT(\(name)) AS n FROM results WHERE suite_id = \(suiteID)"))[0]["n"]
        guard count > 0 else { return nil }
        let middle = try await rows(PostgresQuery(unsafeSQL: """
            SELECT \(name) AS v FROM results WHERE suite_id = \(suiteID) AND \(name) IS NOT NULL
            ORDER BY \(name) LIMIT \(count % 2 == 1 ? 1 : 2) OFFSET \((count - 1) / 2)
            """)).map { row -> Double in try row["v"] }
        return middle.count == 2 ? (middle[0] + middle[1]) / 2 : middle.first
    }

    public func errorReasons(ofRun id: Int64, limit: Int) async throws -> [ErrorReason] {
        try await rows("""
            SELECT error, backend, COUNT(*) AS n FROM results WHERE run_id = \(id) AND status = 'error' AND error IS NOT NULL
            GROUP BY error, backend ORDER BY n DESC, error COLLATE "C" LIMIT \(limit)
            """).map { ErrorReason(reason: try $0["error"], backend: try $0["backend"], count: try $0["n"]) }
    }

    func suiteSummaries(runID: Int64) async throws -> [SuiteSummary] {
        let suites = try await rows("SELECT * FROM suites WHERE run_id = \(runID) ORDER BY id").map { try $0.suite }
        var assembly = SuiteSummaryRows()
        // Cost: as stored with each answer; for results stored before v10, from their tokens and the suite's prices.
        assembly.statuses = try await rows("""
            SELECT results.suite_id, results.status, COUNT(*) AS n, COUNT(*) FILTER (WHERE results.from_cache) AS cached,
              SUM(COALESCE(results.cost_usd, CASE WHEN results.from_cache THEN 0 ELSE
                (COALESCE(results.prompt_tokens, 0) * suites.input_usd_per_mtok
                 + COALESCE(results.completion_tokens, 0) * suites.output_usd_per_mtok) / 1000000.0 END)) AS cost,
              SUM(results.judge_cost_usd) AS judge_cost
            FROM results JOIN suites ON suites.id = results.suite_id
            WHERE results.run_id = \(runID) GROUP BY results.suite_id, results.status
            """).map { row in
            SuiteSummaryRows.StatusRow(suiteID: try row["suite_id"], status: ResultStatus(stored: try row["status"]), count: try row["n"],
                                       cached: try row["cached"], cost: try row["cost"], judgeCost: try row["judge_cost"])
        }
        assembly.answeredBy = try await rows("""
            SELECT suite_id, answered_by, COUNT(*) AS n FROM results WHERE run_id = \(runID) AND answered_by IS NOT NULL
            GROUP BY suite_id, answered_by
            """).map { (try $0["suite_id"], try $0["answered_by"], try $0["n"]) }
        assembly.metrics = try await rows("""
            SELECT suite_metrics.suite_id, suite_metrics.name, suite_metrics.value FROM suite_metrics
            JOIN suites ON suites.id = suite_metrics.suite_id WHERE suites.run_id = \(runID)
            """).map { (try $0["suite_id"], try $0["name"], try $0["value"]) }
        return assembly.summaries(of: suites)
    }
}
