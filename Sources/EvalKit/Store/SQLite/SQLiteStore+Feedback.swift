import Foundation
import GRDB

extension SQLiteStore {
    public func importFeedback(_ records: [FeedbackRecord], replace: Bool) async throws -> FeedbackImportOutcome {
        try await pool.write { db in
            let stored = try db.cachedStatement(sql: "SELECT content_hash FROM feedback WHERE id = ?")
            let (records, outcome) = try FeedbackImportPlan(records) { try String.fetchOne(stored, arguments: [$0]) }.outcome(replace: replace)
            let write = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO feedback (id, input, output, rating, rating_min, rating_max, down, user, prompt_version,
                  model, time, correction, content_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in records.map(\.columns) {
                try write.execute(arguments: [
                    c.id, c.input, c.output, c.rating, c.ratingMin, c.ratingMax, c.down, c.user, c.promptVersion, c.model, c.time,
                    c.correction, c.contentHash, c.importedAt,
                ])
            }
            return outcome
        }
    }

    public func feedback(since: Date?, down: Bool?) async throws -> [FeedbackRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM feedback WHERE COALESCE(time, imported_at) >= COALESCE(?, '') AND (? IS NULL OR down = ?)
                ORDER BY COALESCE(time, imported_at), id
                """, arguments: [since, down, down]).map(Self.feedbackRecord)
        }
    }

    public func feedbackVotes(since: Date?) async throws -> [FeedbackVote] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT COALESCE(time, imported_at) AS at, down, prompt_version, model FROM feedback
                WHERE COALESCE(time, imported_at) >= COALESCE(?, '') ORDER BY at, id
                """, arguments: [since]).map { row in
                FeedbackVote(time: row["at"], down: row["down"], promptVersion: row["prompt_version"], model: row["model"])
            }
        }
    }

    private static func feedbackRecord(_ row: Row) -> FeedbackRecord {
        FeedbackRecord(FeedbackRecord.Columns(
            id: row["id"], input: row["input"], output: row["output"], rating: row["rating"], ratingMin: row["rating_min"],
            ratingMax: row["rating_max"], down: row["down"], user: row["user"], promptVersion: row["prompt_version"],
            model: row["model"], time: row["time"], correction: row["correction"], contentHash: row["content_hash"],
            importedAt: row["imported_at"]))
    }
}
