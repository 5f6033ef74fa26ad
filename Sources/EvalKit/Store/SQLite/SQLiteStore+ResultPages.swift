import Foundation
import GRDB

extension SQLiteStore {
    /// A page of a suite's results with their scores, in id order: keyed on the id (no OFFSET), so reading a suite page
    /// by page costs the same per page however far in, and holds one page at a time.
    public func results(ofSuite suiteID: Int64, after: Int64?, limit: Int) async throws -> [StoredResult] {
        try await pool.read { db in
            let results = try Stored<ResultRecord>.fetchAll(db, ResultRecord
                .filter(Column("suite_id") == suiteID && Column("id") > (after ?? Int64.min))
                .order(Column("id")).limit(max(0, limit)))
            guard let first = results.first?.id, let last = results.last?.id else { return [] }
            let scores = try ScoreRecord.fetchAll(db, SQLRequest<ScoreRecord>(literal: """
                SELECT scores.* FROM scores JOIN results ON results.id = scores.result_id
                WHERE results.suite_id = \(suiteID) AND scores.result_id BETWEEN \(first) AND \(last) ORDER BY scores.id
                """))
            return StoredResult.joining(results, scores: scores)
        }
    }

    /// Each suite's figures, by suite id: one pass over the results' numbers in id order, with the medians found by
    /// SQLite's sort, so nothing held grows with the number of results.
    public func suiteFigures(ofRun id: Int64) async throws -> [Int64: SuiteResultFigures] {
        try await pool.read { db in
            var figures: [Int64: SuiteResultFigures] = [:]
            let suiteIDs = try Int64.fetchAll(db, sql: "SELECT id FROM suites WHERE run_id = ? ORDER BY id", arguments: [id])
            for suiteID in suiteIDs {
                var entry = SuiteResultFigures()
                let rows = try Row.fetchCursor(db, sql: "SELECT latency_ms FROM results WHERE suite_id = ? ORDER BY id", arguments: [suiteID])
                while let row = try rows.next() {
                    entry.count += 1
                    entry.latencySumMs += (row[0] as Double?) ?? 0
                }
                entry.latencyMedianMs = try Self.median(db, column: "latency_ms", suiteID: suiteID)
                entry.ttftMedianMs = try Self.median(db, column: "ttft_ms", suiteID: suiteID)
                for row in try Row.fetchAll(db, sql: """
                    SELECT model, COUNT(*) FROM results WHERE suite_id = ? AND status != ? AND model != '' GROUP BY model
                    """, arguments: [suiteID, ResultStatus.error.rawValue]) {
                    entry.modelCounts[row[0]] = row[1]
                }
                entry.refusals = try ResultRecord
                    .filter(Column("suite_id") == suiteID && FinishReason.refusals.contains(Column("finish_reason"))).fetchCount(db)
                figures[suiteID] = entry
            }
            return figures
        }
    }

    /// The median of a column over a suite's results that have a value: the middle one, or the mean of the middle two.
    private static func median(_ db: Database, column: String, suiteID: Int64) throws -> Double? {
        let name = Column(column)
        let count = try Int.fetchOne(db, SQLRequest<Int>(literal: "SELECT COUNT(\(name)) FROM results WHERE suite_id = \(suiteID)")) ?? 0
        guard count > 0 else { return nil }
        let middle = try Double.fetchAll(db, SQLRequest<Double>(literal: """
            SELECT \(name) FROM results WHERE suite_id = \(suiteID) AND \(name) IS NOT NULL
            ORDER BY \(name) LIMIT \(count % 2 == 1 ? 1 : 2) OFFSET \((count - 1) / 2)
            """))
        return middle.count == 2 ? (middle[0] + middle[1]) / 2 : middle.first
    }
}
