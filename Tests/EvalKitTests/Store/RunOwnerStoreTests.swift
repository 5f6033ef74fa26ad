import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("Stored runs and their owners")
struct RunOwnerStoreTests {
    static func storeRun(_ store: any ResultStore, owner: RunOwner?, results: Int = 2) async throws -> Int64 {
        var run = EvalStoreTests.run()
        if let owner { run = run.owned(by: owner) }
        let runID = try await store.insertRun(run)
        let suiteID = try await store.insertSuite(EvalStoreTests.suite(runID: runID))
        for index in 0..<results {
            try await store.insertResult(EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: "c\(index)", status: .passed), scores: [])
        }
        return runID
    }

    @Test("a run stored as running whose owner process is gone reads as abandoned, with its results; the row still says running")
    func goneOwnerIsAbandoned() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        var dead = RunOwner.current()
        dead.pid = Int32.max
        let runID = try await Self.storeRun(store, owner: dead)
        let summary = try await store.summary(ofRun: runID)
        #expect(summary.run.status == .abandoned)
        #expect(summary.total == 2)
        guard case .gone = summary.ownerLiveness else {
            Issue.record("expected a gone owner, got \(String(describing: summary.ownerLiveness))")
            return
        }
        #expect(try await store.recentRuns().first?.run.status == .abandoned)
        let stored = try await store.pool.read { db in try String.fetchOne(db, sql: "SELECT status FROM runs WHERE id = ?", arguments: [runID]) }
        #expect(stored == "running", "reading never rewrites the run")
        #expect(summary.run.owner?.pid == Int32.max)
    }

    @Test("a running run whose owner is alive, on another host, or not recorded stays running", arguments: StoreKind.all)
    func otherRunsStayRunning(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let alive = try await Self.storeRun(store, owner: .current())
            let elsewhere = try await Self.storeRun(store, owner: RunOwner(host: "some-other-host.invalid", pid: Int32.max, startTime: 1, bootID: "b"))
            let unrecorded = try await Self.storeRun(store, owner: nil)
            #expect(try await store.summary(ofRun: alive).ownerLiveness == .alive)
            for id in [alive, elsewhere, unrecorded] {
                #expect(try await store.summary(ofRun: id).run.status == .running, "run \(id)")
            }
            guard case .unknown(let why) = try await store.summary(ofRun: elsewhere).ownerLiveness else {
                Issue.record("expected unknown")
                return
            }
            #expect(why.contains("some-other-host.invalid"))
            let text = RunDetailReport(summary: try await store.summary(ofRun: elsewhere), results: []).text()
            #expect(text.contains("running as stored: started on host some-other-host.invalid"))
        }
    }

    @Test("a finished run is never abandoned, whatever became of its owner", arguments: StoreKind.all)
    func finishedRunsKeepStatus(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var dead = RunOwner.current()
            dead.pid = Int32.max
            let runID = try await Self.storeRun(store, owner: dead)
            try await store.finishRun(id: runID, status: .interrupted)
            let summary = try await store.summary(ofRun: runID)
            #expect(summary.run.status == .interrupted)
            #expect(summary.ownerLiveness == nil)
        }
    }

    @Test("migration v7 keeps runs stored before it; their owner is unknown, so a running one stays running")
    func ownerColumnsMigrate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v6-output-hash")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (started_at, status, evalctl_version, config_hash, hostname, command)
                VALUES (?, 'running', 'old', 'c', 'h', 'evalctl run')
                """, arguments: [Date()])
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.schemaVersion() == "v17-shards")
        let summary = try await store.summary(ofRun: 1)
        #expect(summary.run.status == .running)
        #expect(summary.run.owner == nil)
        guard case .unknown = summary.ownerLiveness else {
            Issue.record("expected unknown")
            return
        }
    }
}
