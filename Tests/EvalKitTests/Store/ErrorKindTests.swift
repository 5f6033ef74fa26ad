import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("Error kinds are stored, not recognised from text")
struct ErrorKindTests {
    @Test("migration v8 gives errored results stored before it their kind; passed and failed ones get none")
    func backfill() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v7-run-owner")
        try await queue.write { db in
            let runID = try EvalStoreTests.insertOldRun(db)
            try db.execute(sql: """
                INSERT INTO suites (run_id, evalset, evalset_version, evalset_hash, prompt_id, prompt_hash, backend, model,
                  min_pass_rate, case_count, repeats) VALUES (?, 'set', '1', 'eh', 'p', 'ph', 'b', 'm', 0.5, 3, 1)
                """, arguments: [runID])
            let suiteID = db.lastInsertedRowID
            for (caseID, status, error) in [("a", "error", "scorer 'judge' could not score the output: no score"),
                                            ("b", "error", "HTTP 500: boom"), ("c", "passed", nil)] as [(String, String, String?)] {
                try db.execute(sql: """
                    INSERT INTO results (run_id, suite_id, evalset, evalset_version, evalset_hash, case_id, case_hash, prompt_id,
                      prompt_hash, backend, model, repeat_index, request, output, status, error, attempts, completed_at)
                    VALUES (?, ?, 'set', '1', 'eh', ?, 'ch', 'p', 'ph', 'b', 'm', 0, '{}', NULL, ?, ?, 1, ?)
                    """, arguments: [runID, suiteID, caseID, status, error, Date()])
            }
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let results = try await store.results(ofRun: 1)
        let kinds = Dictionary(uniqueKeysWithValues: results.map { ($0.result.caseID, $0.result.errorKind) })
        #expect(kinds == ["a": .scorer, "b": .backend, "c": nil])
    }

    @Test("JUnit names the error's kind as its type, whatever the message says")
    func junitTypeFromKind() {
        var scorer = EvalStoreTests.result(runID: 1, suiteID: 1, caseID: "a", status: .error)
        scorer.error = "no score in the judge's reply"
        scorer.errorKind = .scorer
        var backend = EvalStoreTests.result(runID: 1, suiteID: 1, caseID: "b", status: .error)
        backend.error = "scorer-like text from a server"
        backend.errorKind = .backend
        for (result, type) in [(scorer, "ScorerError"), (backend, "BackendError")] {
            guard case .errored(_, let found, _) = JUnitReport.outcome(StoredResult(result: Stored(id: 1, result), scores: [])) else {
                Issue.record("an errored result must be a JUnit error")
                continue
            }
            #expect(found == type)
        }
    }
}
