import Foundation
import GRDB

extension SQLiteStore {
    /// Stores labels in one transaction: every result id must exist, or nothing is stored.
    public func recordReviewLabels(_ labels: [ReviewLabel]) async throws {
        guard !labels.isEmpty else { return }
        try await pool.write { db in
            let exists = try db.cachedStatement(sql: "SELECT 1 FROM results WHERE id = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO review_labels (result_id, reviewer, label, note, labelled_at) VALUES (?, ?, ?, ?, ?)
                """)
            for label in labels {
                guard try Int.fetchOne(exists, arguments: [label.resultID]) != nil else { throw StoreError.noSuchResult(label.resultID) }
                try insert.execute(arguments: [label.resultID, label.reviewer, label.label.rawValue, label.note, label.labelledAt])
            }
        }
    }

    /// Each reviewer's current label (their newest) on the run's results, by result id then reviewer.
    public func reviewLabels(ofRun id: Int64) async throws -> [ReviewLabel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.result_id, l.reviewer, l.label, l.note, l.labelled_at FROM review_labels l
                JOIN results r ON r.id = l.result_id
                WHERE r.run_id = ? AND l.id IN (SELECT MAX(id) FROM review_labels GROUP BY result_id, reviewer)
                ORDER BY l.result_id, l.reviewer
                """, arguments: [id]).compactMap { row in
                guard let verdict = ReviewLabel.Verdict(rawValue: row["label"]) else { return nil }
                return ReviewLabel(resultID: row["result_id"], reviewer: row["reviewer"], label: verdict, note: row["note"],
                                   labelledAt: row["labelled_at"])
            }
        }
    }

    /// Every label ever given to a result, oldest first (a reviewer's earlier labels included).
    public func reviewLabelHistory(resultID: Int64) async throws -> [ReviewLabel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT result_id, reviewer, label, note, labelled_at FROM review_labels WHERE result_id = ? ORDER BY id
                """, arguments: [resultID]).compactMap { row in
                guard let verdict = ReviewLabel.Verdict(rawValue: row["label"]) else { return nil }
                return ReviewLabel(resultID: row["result_id"], reviewer: row["reviewer"], label: verdict, note: row["note"],
                                   labelledAt: row["labelled_at"])
            }
        }
    }
}
