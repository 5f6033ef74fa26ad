import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("Results store")
struct EvalStoreTests {
    static func run(tag: String? = nil) -> RunRecord {
        RunRecord(startedAt: Date(), finishedAt: nil, status: .running, gitCommit: nil, evalctlVersion: "test",
                  configHash: "c", tag: tag, hostname: "h", command: "evalctl run")
    }

    static func suite(runID: Int64) -> SuiteRecord {
        SuiteRecord(runID: runID, evalset: "set", evalsetVersion: "1", evalsetHash: "eh", promptID: "p",
                    promptHash: "ph", backend: "b", model: "m", minPassRate: 0.5, caseCount: 3, repeats: 1)
    }

    static func result(runID: Int64, suiteID: Int64, caseID: String, status: ResultStatus) -> ResultRecord {
        ResultRecord(runID: runID, suiteID: suiteID, evalset: "set", evalsetVersion: "1", evalsetHash: "eh",
                     caseID: caseID, caseHash: "ch", promptID: "p", promptHash: "ph", backend: "b", model: "m",
                     repeatIndex: 0, request: "{}", output: "out", status: status,
                     error: status == .error ? "HTTP 500: boom" : nil, latencyMs: 12, ttftMs: 3, promptTokens: 5,
                     completionTokens: 2, attempts: 1, finishReason: "stop", systemFingerprint: nil, completedAt: Date())
    }

    /// A run in a database older than `RunRecord` (which would write columns added since): the columns of v1 only.
    static func insertOldRun(_ db: Database, status: String = "running", tag: String? = nil) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO runs (started_at, status, evalctl_version, config_hash, tag, hostname, command)
            VALUES (?, ?, 'test', 'c', ?, 'h', 'evalctl run')
            """, arguments: [Date(), status, tag])
        return db.lastInsertedRowID
    }

    @Test("a new database is migrated and in WAL mode with a busy timeout")
    func migratedAndWAL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("nested/dir/evals.sqlite"))
        let (mode, tables, timeout) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
             try Int.fetchOne(db, sql: "PRAGMA busy_timeout"))
        }
        #expect(mode == "wal")
        #expect(Set(["runs", "suites", "results", "scores", "grdb_migrations"]).isSubset(of: Set(tables)))
        #expect((timeout ?? 0) >= 1000)
    }

    @Test("results and scores are stored and counted per suite, errors apart from failures", arguments: StoreKind.all)
    func countsPerSuite(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = try await store.insertRun(Self.run())
            let suiteID = try await store.insertSuite(Self.suite(runID: runID))
            try await store.insertResult(Self.result(runID: runID, suiteID: suiteID, caseID: "a", status: .passed),
                                         scores: [Score(scorer: "exact", value: 1, threshold: 1, reason: "matches expected")])
            try await store.insertResult(Self.result(runID: runID, suiteID: suiteID, caseID: "b", status: .failed),
                                         scores: [Score(scorer: "exact", value: 0, threshold: 1, reason: "nope")])
            try await store.insertResult(Self.result(runID: runID, suiteID: suiteID, caseID: "c", status: .error), scores: [])
            try await store.finishRun(id: runID, status: .completed)
            let summary = try await store.summary(ofRun: runID)
            #expect(summary.run.status == .completed)
            #expect(summary.run.finishedAt != nil)
            #expect((summary.total, summary.passed, summary.failed, summary.errored) == (3, 1, 1, 1))
            #expect(abs(summary.passRate - 1.0 / 3.0) < 1e-9)
            #expect(summary.suites.first?.meetsMinimum == false)
            let results = try await store.results(ofRun: runID)
            #expect(results.map(\.result.caseID) == ["a", "b", "c"])
            #expect(results[0].scores.map(\.reason) == ["matches expected"])
            #expect(results[1].scores.first?.passed == false)
            #expect(results[2].result.error == "HTTP 500: boom")
        }
    }

    @Test("'latest' resolves to the newest run; unknown ids are reported", arguments: StoreKind.all)
    func resolvesRunReferences(kind: StoreKind) async throws {
        try await kind.withStore { store in
            await #expect(throws: StoreError.self) { try await store.runID(for: "latest") }
            let first = try await store.insertRun(Self.run())
            let second = try await store.insertRun(Self.run(tag: "main"))
            #expect(try await store.runID(for: "latest") == second)
            #expect(try await store.runID(for: String(first)) == first)
            await #expect(throws: StoreError.self) { try await store.runID(for: "999") }
            await #expect(throws: StoreError.self) { try await store.runID(for: "main-ish") }
            let recent = try await store.recentRuns(limit: 10)
            #expect(recent.map(\.run.id) == [second, first])
            #expect(recent.first?.run.tag == "main")
        }
    }

    @Test("a stored result survives reopening the database", arguments: StoreKind.all)
    func survivesReopen(kind: StoreKind) async throws {
        try await kind.withLocation { location in
            do {
                let store = try StoreLocation.open(location)
                let runID = try await store.insertRun(Self.run())
                let suiteID = try await store.insertSuite(Self.suite(runID: runID))
                try await store.insertResult(Self.result(runID: runID, suiteID: suiteID, caseID: "a", status: .passed), scores: [])
            }
            let reopened = try StoreLocation.open(location, create: false)
            let results = try await reopened.results(ofRun: try await reopened.runID(for: "latest"))
            #expect(results.count == 1)
            #expect(results.first?.result.output == "out")
        }
    }

    @Test("a path that cannot be a database is a clear error")
    func unopenableDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("not-a-db.sqlite", String(repeating: "garbage ", count: 200))
        #expect(throws: StoreError.self) { try SQLiteStore(path: directory.path("not-a-db.sqlite")) }
    }

    @Test("EVALCTL_DB is used when --db is absent, and --db wins")
    func databasePathResolution() {
        #expect(StoreLocation.resolve(nil, environment: [:]) == "evals.sqlite")
        #expect(StoreLocation.resolve(nil, environment: ["EVALCTL_DB": "/x/e.sqlite"]) == "/x/e.sqlite")
        #expect(StoreLocation.resolve("mine.sqlite", environment: ["EVALCTL_DB": "/x/e.sqlite"]) == "mine.sqlite")
    }

    @Test("a tag resolves to the run it was given to last; bad names are refused; unknown tags list the known ones", arguments: StoreKind.all)
    func tagsMove(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = try await store.insertRun(Self.run()), second = try await store.insertRun(Self.run())
            try await store.tag(run: second, as: "main")
            #expect(try await store.runID(for: "main") == second)
            try await store.tag(run: first, as: "main")
            try await store.tag(run: second, as: "release-1.2")
            #expect(try await store.runID(for: "main") == first)
            #expect(try await store.currentTags().map(\.name) == ["main", "release-1.2"])
            #expect(try await store.summary(ofRun: second).tags == ["release-1.2"])
            for bad in ["", "42", "latest", "has space", "-dash-first", "ünï"] {
                await #expect(throws: StoreError.self, "\(bad)") { try await store.tag(run: first, as: bad) }
            }
            await #expect(throws: StoreError.self) { try await store.tag(run: 99, as: "nightly") }
            do {
                _ = try await store.runID(for: "nightly")
                Issue.record("an unknown tag resolved")
            } catch let error as StoreError {
                #expect(error.description.contains("(tags: main, release-1.2)"))
            }
        }
    }

    @Test("migration v4 turns the tags of completed runs stored before it into run_tags")
    func tagsMigrateFromRunsTable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v3-suite-metrics")
        try await queue.write { db in
            for (status, tag) in [("completed", "main"), ("interrupted", "main"), ("completed", "nightly")] {
                _ = try Self.insertOldRun(db, status: status, tag: tag)
            }
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.runID(for: "main") == 1, "the interrupted run 2 was never a baseline")
        #expect(try await store.runID(for: "nightly") == 3)
    }

    @Test("migrations v5 and v6 backfill request and output hashes of results stored before them; new results get them on insert")
    func hashesBackfilled() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v4-run-tags-and-scorer-scales")
        try await queue.write { db in
            let oldRunID = try Self.insertOldRun(db)
            try db.execute(sql: """
                INSERT INTO suites (run_id, evalset, evalset_version, evalset_hash, prompt_id, prompt_hash, backend, model,
                  min_pass_rate, case_count, repeats) VALUES (?, 'set', '1', 'eh', 'p', 'ph', 'b', 'm', 0.5, 3, 1)
                """, arguments: [oldRunID])
            let oldSuiteID = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO results (run_id, suite_id, evalset, evalset_version, evalset_hash, case_id, case_hash, prompt_id,
                  prompt_hash, backend, model, repeat_index, request, output, status, attempts, completed_at)
                VALUES (?, ?, 'set', '1', 'eh', 'a', 'ch', 'p', 'ph', 'b', 'm', 0, '{"messages":[]}', 'an answer', 'passed', 1, ?)
                """, arguments: [oldRunID, oldSuiteID, Date()])
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let hashes = try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT request_hash, output_hash FROM results")
        }
        #expect(hashes?["request_hash"] == SHA256.hex("{\"messages\":[]}"))
        #expect(hashes?["output_hash"] == SHA256.hex("an answer"))
        let runID = try await store.insertRun(Self.run())
        let suiteID = try await store.insertSuite(Self.suite(runID: runID))
        try await store.insertResult(Self.result(runID: runID, suiteID: suiteID, caseID: "b", status: .passed), scores: [])
        let inserted = try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT request_hash, output_hash FROM results WHERE case_id = 'b'")
        }
        #expect(inserted?["request_hash"] == SHA256.hex("{}"))
        #expect(inserted?["output_hash"] == SHA256.hex("out"))
    }

    @Test("a NUL in model output does not cut off the rest of it, and read-only opens refuse a missing database")
    func nulAndMissingDatabase() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: StoreError.self) { try SQLiteStore(path: directory.path("missing.sqlite"), create: false) }
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.sqlite")))
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let runID = try await store.insertRun(Self.run())
        let suiteID = try await store.insertSuite(Self.suite(runID: runID))
        var result = Self.result(runID: runID, suiteID: suiteID, caseID: "a", status: .failed)
        result.output = "before\u{0}after"
        try await store.insertResult(result, scores: [Score(scorer: "exact", value: 0, threshold: 1, reason: "got before\u{0}after")])
        let stored = try await store.results(ofRun: runID)
        #expect(stored[0].result.output == "before\u{2400}after")
        #expect(stored[0].scores[0].reason == "got before\u{2400}after")
    }
}
