import Foundation
import GRDB

extension SQLiteStore {
    /// Which of `ids` name stored results, asked a bounded batch at a time (SQLite limits bound parameters).
    public func existingResultIDs(among ids: [Int64]) async throws -> Set<Int64> {
        let unique = Array(Set(ids))
        return try await pool.read { db in
            var found = Set<Int64>()
            for start in stride(from: 0, to: unique.count, by: 500) {
                let batch = Array(unique[start..<min(start + 500, unique.count)])
                let marks = Array(repeating: "?", count: batch.count).joined(separator: ", ")
                found.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM results WHERE id IN (\(marks))",
                                                   arguments: StatementArguments(batch)))
            }
            return found
        }
    }
}
