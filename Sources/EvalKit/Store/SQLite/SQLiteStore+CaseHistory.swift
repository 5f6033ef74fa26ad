import Foundation
import GRDB

extension SQLiteStore {
    /// Per-case history over `history`'s runs: every case's outcome per run (statuses only, no outputs), and the
    /// `limit` requests whose output varied most, with the latest two differing outputs.
    public func caseHistory(_ history: RunHistory, limit: Int) async throws -> CaseHistory {
        let suiteIDs = history.suites.flatMap { $0.points.map(\.suite.id) }
        let keys = Dictionary(uniqueKeysWithValues: history.suites.flatMap { suite in suite.points.map { ($0.suite.id, suite.key) } })
        guard !suiteIDs.isEmpty else { return CaseHistory(tracks: [], changedOutputs: [], changedOutputCount: 0) }
        // The read fetches rows only; comparing the outputs (`changedOutput`) happens after it, off the connection.
        let (tracks, fetched, groupCount) = try await pool.read { db in
            let tracks = try Self.caseTracks(db, suiteIDs: suiteIDs, keys: keys)
            let groups = try SQLRequest<Row>(literal: """
                SELECT evalset, prompt_id, backend, case_id, request_hash, COUNT(DISTINCT output_hash) AS variants, COUNT(*) AS n
                FROM results WHERE suite_id IN \(suiteIDs) AND status != 'error' AND output_hash IS NOT NULL AND request_hash IS NOT NULL
                GROUP BY evalset, prompt_id, backend, case_id, request_hash
                HAVING variants > 1 ORDER BY variants DESC, n DESC, evalset, case_id
                """).fetchAll(db)
            var fetched: [(CaseHistoryRows.OutputGroup, [ChangedOutput.Sample])] = []
            for row in groups.prefix(limit) {
                let group = CaseHistoryRows.OutputGroup(
                    evalset: row["evalset"], promptID: row["prompt_id"], backend: row["backend"], caseID: row["case_id"],
                    requestHash: row["request_hash"], variants: row["variants"], results: row["n"])
                let samples = try SQLRequest<Row>(literal: """
                    SELECT run_id, output, model, system_fingerprint FROM results
                    WHERE suite_id IN \(suiteIDs) AND evalset = \(group.evalset) AND prompt_id = \(group.promptID)
                      AND backend = \(group.backend) AND case_id = \(group.caseID) AND request_hash = \(group.requestHash)
                      AND status != 'error' AND output IS NOT NULL
                    ORDER BY run_id DESC, repeat_index DESC
                    """).fetchAll(db).map {
                    ChangedOutput.Sample(runID: $0["run_id"], output: $0["output"], model: $0["model"], systemFingerprint: $0["system_fingerprint"])
                }
                fetched.append((group, samples))
            }
            return (tracks, fetched, groups.count)
        }
        let changed = fetched.compactMap { CaseHistoryRows.changedOutput($0.0, samples: $0.1) }
        return CaseHistory(tracks: tracks, changedOutputs: changed, changedOutputCount: groupCount)
    }

    private static func caseTracks(_ db: Database, suiteIDs: [Int64], keys: [Int64: SuiteKey]) throws -> [CaseTrack] {
        var rows = CaseHistoryRows(keys: keys)
        let cursor = try SQLRequest<Row>(literal: """
            SELECT suite_id, run_id, case_id, case_hash, status FROM results WHERE suite_id IN \(suiteIDs) AND status != 'error'
            """).fetchCursor(db)
        while let row = try cursor.next() {
            rows.add(suiteID: row[0], runID: row[1], caseID: row[2], caseHash: row[3], status: ResultStatus(stored: row[4]))
        }
        return rows.tracks
    }
}
