import Foundation
import GRDB

extension SQLiteStore {
    /// Per-case history over `history`'s runs: every case's outcome per run (statuses only, no outputs), and the
    /// `limit` requests whose output varied most, with the latest two differing outputs.
    public func caseHistory(_ history: RunHistory, limit: Int) async throws -> CaseHistory {
        let suiteIDs = history.suites.flatMap { $0.points.map(\.suite.id) }
        let keys = Dictionary(uniqueKeysWithValues: history.suites.flatMap { suite in suite.points.map { ($0.suite.id, suite.key) } })
        guard !suiteIDs.isEmpty else { return CaseHistory(tracks: [], changedOutputs: [], changedOutputCount: 0) }
        return try await pool.read { db in
            let tracks = try Self.caseTracks(db, suiteIDs: suiteIDs, keys: keys)
            let groups = try SQLRequest<Row>(literal: """
                SELECT evalset, prompt_id, backend, case_id, request_hash, COUNT(DISTINCT output_hash) AS variants, COUNT(*) AS n
                FROM results WHERE suite_id IN \(suiteIDs) AND status != 'error' AND output_hash IS NOT NULL AND request_hash IS NOT NULL
                GROUP BY evalset, prompt_id, backend, case_id, request_hash
                HAVING variants > 1 ORDER BY variants DESC, n DESC, evalset, case_id
                """).fetchAll(db)
            var changed: [ChangedOutput] = []
            for group in groups.prefix(limit) {
                let evalset: String = group["evalset"], promptID: String = group["prompt_id"], backend: String = group["backend"]
                let caseID: String = group["case_id"], requestHash: String = group["request_hash"]
                let samples = try SQLRequest<Row>(literal: """
                    SELECT run_id, output, model, system_fingerprint FROM results
                    WHERE suite_id IN \(suiteIDs) AND evalset = \(evalset) AND prompt_id = \(promptID) AND backend = \(backend)
                      AND case_id = \(caseID) AND request_hash = \(requestHash) AND status != 'error' AND output IS NOT NULL
                    ORDER BY run_id DESC, repeat_index DESC
                    """).fetchAll(db).map {
                    ChangedOutput.Sample(runID: $0["run_id"], output: $0["output"], model: $0["model"], systemFingerprint: $0["system_fingerprint"])
                }
                guard let latest = samples.first, let previous = samples.first(where: { $0.output != latest.output }) else { continue }
                changed.append(ChangedOutput(
                    suite: SuiteKey(evalset: evalset, promptID: promptID, backend: backend), caseID: caseID,
                    distinctOutputs: group["variants"], results: group["n"], previous: previous, latest: latest,
                    similarity: TextSimilarity.ratio(previous.output, latest.output)))
            }
            return CaseHistory(tracks: tracks, changedOutputs: changed, changedOutputCount: groups.count)
        }
    }

    private static func caseTracks(_ db: Database, suiteIDs: [Int64], keys: [Int64: SuiteKey]) throws -> [CaseTrack] {
        struct Tally { var hash: String; var passed = 0; var total = 0 }
        struct CaseRef: Hashable { let suite: SuiteKey; let caseID: String }
        var tallies: [CaseRef: [Int64: Tally]] = [:]
        let rows = try SQLRequest<Row>(literal: """
            SELECT suite_id, run_id, case_id, case_hash, status FROM results WHERE suite_id IN \(suiteIDs) AND status != 'error'
            """).fetchCursor(db)
        while let row = try rows.next() {
            let suiteID: Int64 = row[0], runID: Int64 = row[1], caseID: String = row[2], hash: String = row[3], status: String = row[4]
            guard let key = keys[suiteID] else { continue }
            let reference = CaseRef(suite: key, caseID: caseID)
            var tally = tallies[reference]?[runID] ?? Tally(hash: hash)
            tally.total += 1
            if status == ResultStatus.passed.rawValue { tally.passed += 1 }
            tallies[reference, default: [:]][runID] = tally
        }
        return tallies.map { reference, byRun in
            CaseTrack(suite: reference.suite, caseID: reference.caseID, observations: byRun.keys.sorted().map { runID in
                let tally = byRun[runID]!
                return CaseTrack.Observation(runID: runID, caseHash: tally.hash, passFraction: Double(tally.passed) / Double(tally.total))
            })
        }
    }
}
