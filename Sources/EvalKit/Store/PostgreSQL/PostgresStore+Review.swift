import Foundation
import PostgresNIO

extension PostgresStore {
    public func driftAlerts() async throws -> [DriftAlert] {
        try await rows("""
            SELECT evalset, prompt_id, backend, metric, direction, change_run_id, alarm_run_id, delivered_at, summary
            FROM drift_alerts ORDER BY id
            """).map { row in
            DriftAlert(suite: SuiteKey(evalset: try row["evalset"], promptID: try row["prompt_id"], backend: try row["backend"]),
                       metric: try row["metric"], direction: ShiftDirection(rawValue: try row["direction"]) ?? .down, changeRunID: try row["change_run_id"],
                       alarmRunID: try row["alarm_run_id"], deliveredAt: try row["delivered_at"], summary: try row["summary"])
        }
    }

    public func recordDriftAlerts(_ alerts: [DriftAlert]) async throws {
        guard !alerts.isEmpty else { return }
        let (values, binds) = Self.values(alerts[...], columns: 9) { binds, alert in
            binds.append(alert.suite.evalset); binds.append(alert.suite.promptID); binds.append(alert.suite.backend)
            binds.append(alert.metric); binds.append(alert.direction.rawValue); binds.append(alert.changeRunID)
            binds.append(alert.alarmRunID); binds.append(alert.deliveredAt); binds.append(alert.summary)
        }
        _ = try await rows(PostgresQuery(unsafeSQL: """
            INSERT INTO drift_alerts (evalset, prompt_id, backend, metric, direction, change_run_id, alarm_run_id, delivered_at, summary)
            VALUES \(values)
            """, binds: binds))
    }

    /// Stores labels in one transaction: every result id must exist, or nothing is stored.
    public func recordReviewLabels(_ labels: [ReviewLabel]) async throws {
        guard !labels.isEmpty else { return }
        try await transaction { connection in
            let ids = Array(Set(labels.map(\.resultID)))
            let found = Set(try await Self.rows(connection, "SELECT id FROM results WHERE id = ANY(\(ids))").map { row -> Int64 in
                try row["id"]
            })
            if let missing = labels.first(where: { !found.contains($0.resultID) }) { throw StoreError.noSuchResult(missing.resultID) }
            for chunk in labels.chunked(by: 10_000) {
                let (values, binds) = Self.values(chunk, columns: 5) { binds, label in
                    binds.append(label.resultID); binds.append(label.reviewer); binds.append(label.label.rawValue)
                    binds.append(label.note); binds.append(label.labelledAt)
                }
                try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO review_labels (result_id, reviewer, label, note, labelled_at) VALUES \(values)
                    """, binds: binds), logger: Self.logger)
            }
        }
    }

    public func reviewLabels(ofRun id: Int64) async throws -> [ReviewLabel] {
        try await rows("""
            SELECT l.result_id, l.reviewer, l.label, l.note, l.labelled_at FROM review_labels l
            JOIN results r ON r.id = l.result_id
            WHERE r.run_id = \(id) AND l.id IN (SELECT MAX(id) FROM review_labels GROUP BY result_id, reviewer)
            ORDER BY l.result_id, l.reviewer COLLATE "C"
            """).compactMap(Self.reviewLabel)
    }

    public func reviewLabelHistory(resultID: Int64) async throws -> [ReviewLabel] {
        try await rows("""
            SELECT result_id, reviewer, label, note, labelled_at FROM review_labels WHERE result_id = \(resultID) ORDER BY id
            """).compactMap(Self.reviewLabel)
    }

    private static func reviewLabel(_ row: PostgresRecordRow) throws -> ReviewLabel? {
        guard let verdict = ReviewLabel.Verdict(rawValue: try row["label"]) else { return nil }
        return ReviewLabel(resultID: try row["result_id"], reviewer: try row["reviewer"], label: verdict, note: try row["note"],
                           labelledAt: try row["labelled_at"])
    }

    public func existingResultIDs(among ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return Set(try await rows("SELECT id FROM results WHERE id = ANY(\(Array(Set(ids))))").map { row -> Int64 in try row["id"] })
    }

    public func importFeedback(_ records: [FeedbackRecord], replace: Bool) async throws -> FeedbackImportOutcome {
        try await transaction { connection in
            var stored: [String: String] = [:]
            for row in try await Self.rows(connection, "SELECT id, content_hash FROM feedback WHERE id = ANY(\(records.map(\.id)))") {
                stored[try row["id"]] = try row["content_hash"] as String
            }
            let (write, outcome) = FeedbackImportPlan(records) { stored[$0] }.outcome(replace: replace)
            var latest: [String: FeedbackRecord.Columns] = [:], order: [String] = []
            for c in write.map(\.columns) where latest.updateValue(c, forKey: c.id) == nil { order.append(c.id) }
            for chunk in order.compactMap({ latest[$0] }).chunked(by: 4_000) {
                let (values, binds) = Self.values(chunk, columns: 14) { binds, c in
                    binds.append(c.id); binds.append(StoredText.storable(c.input)); binds.append(StoredText.storable(c.output))
                    binds.append(c.rating); binds.append(c.ratingMin); binds.append(c.ratingMax); binds.append(c.down)
                    binds.append(c.user); binds.append(c.promptVersion); binds.append(c.model); binds.append(c.time)
                    binds.append(c.correction.map(StoredText.storable)); binds.append(c.contentHash); binds.append(c.importedAt)
                }
                try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO feedback (id, input, output, rating, rating_min, rating_max, down, "user", prompt_version, model,
                      time, correction, content_hash, imported_at) VALUES \(values)
                    ON CONFLICT (id) DO UPDATE SET input = EXCLUDED.input, output = EXCLUDED.output, rating = EXCLUDED.rating,
                      rating_min = EXCLUDED.rating_min, rating_max = EXCLUDED.rating_max, down = EXCLUDED.down,
                      "user" = EXCLUDED."user", prompt_version = EXCLUDED.prompt_version, model = EXCLUDED.model,
                      time = EXCLUDED.time, correction = EXCLUDED.correction, content_hash = EXCLUDED.content_hash,
                      imported_at = EXCLUDED.imported_at
                    """, binds: binds), logger: Self.logger)
            }
            return outcome
        }
    }

    public func feedback(since: Date?, down: Bool?) async throws -> [FeedbackRecord] {
        try await rows("""
            SELECT * FROM feedback WHERE (\(since)::timestamptz IS NULL OR COALESCE(time, imported_at) >= \(since))
              AND (\(down)::boolean IS NULL OR down = \(down))
            ORDER BY COALESCE(time, imported_at), id COLLATE "C"
            """).map { row in
            FeedbackRecord(FeedbackRecord.Columns(
                id: try row["id"], input: try row["input"], output: try row["output"], rating: try row["rating"],
                ratingMin: try row["rating_min"], ratingMax: try row["rating_max"], down: try row["down"], user: try row["user"],
                promptVersion: try row["prompt_version"], model: try row["model"], time: try row["time"],
                correction: try row["correction"], contentHash: try row["content_hash"], importedAt: try row["imported_at"]))
        }
    }

    public func feedbackVotes(since: Date?) async throws -> [FeedbackVote] {
        try await rows("""
            SELECT COALESCE(time, imported_at) AS at, down, prompt_version, model FROM feedback
            WHERE (\(since)::timestamptz IS NULL OR COALESCE(time, imported_at) >= \(since)) ORDER BY at, id COLLATE "C"
            """).map { row in
            FeedbackVote(time: try row["at"], down: try row["down"], promptVersion: try row["prompt_version"], model: try row["model"])
        }
    }
}
