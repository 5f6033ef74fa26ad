import Foundation
import GRDB

extension SQLiteStore {
    public func importFeedback(_ records: [FeedbackRecord], replace: Bool) async throws -> FeedbackImportOutcome {
        try await pool.write { db in
            let stored = try db.cachedStatement(sql: "SELECT content_hash FROM feedback WHERE id = ?")
            var new: [FeedbackRecord] = [], changed: [FeedbackRecord] = [], same = 0
            for record in records {
                switch try String.fetchOne(stored, arguments: [record.id]) {
                case nil: new.append(record)
                case record.contentHash: same += 1
                default: changed.append(record)
                }
            }
            let changedIDs = changed.map(\.id)
            // Changed content without `replace` stores nothing: the caller reports the ids and the user decides.
            guard changed.isEmpty || replace else {
                return FeedbackImportOutcome(imported: 0, alreadyPresent: same, changedIDs: changedIDs, replaced: 0)
            }
            let write = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO feedback (id, input, output, rating, rating_min, rating_max, down, user, prompt_version,
                  model, time, correction, content_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for record in new + changed {
                var minimum: Double?, maximum: Double?
                if case .score(_, let low, let high) = record.rating { (minimum, maximum) = (low, high) }
                try write.execute(arguments: [
                    record.id, record.input.canonicalJSON, record.output, record.rating.text, minimum, maximum, record.isDown,
                    record.user, record.promptVersion, record.model, record.time, record.correction, record.contentHash,
                    record.importedAt,
                ])
            }
            return FeedbackImportOutcome(imported: new.count, alreadyPresent: same, changedIDs: changedIDs, replaced: changed.count)
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
        let text: String = row["rating"]
        let rating: FeedbackRating = switch (text, row["rating_min"] as Double?, row["rating_max"] as Double?) {
        case (_, let minimum?, let maximum?): .score(Double(text) ?? minimum, minimum: minimum, maximum: maximum)
        default: .thumb(down: row["down"])
        }
        let inputText: String = row["input"]
        return FeedbackRecord(
            id: row["id"], input: (try? JSONValue(parsing: Data(inputText.utf8))) ?? .string(inputText), output: row["output"],
            rating: rating, user: row["user"], promptVersion: row["prompt_version"], model: row["model"], time: row["time"],
            correction: row["correction"], contentHash: row["content_hash"], importedAt: row["imported_at"])
    }
}
