import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("Several evalctl processes opening one database at once")
struct ConcurrentDatabaseTests {
    /// Starts `count` evalctl processes with the same arguments at once and waits for all of them.
    static func together(_ count: Int, _ arguments: [String], in directory: TemporaryDirectory) async throws -> [EvalctlProcess.Result] {
        let started = try (0..<count).map { _ in try EvalctlProcess.start(arguments, in: directory) }
        var results: [EvalctlProcess.Result] = []
        for (process, out, err) in started {
            results.append(await EvalctlProcess.collect(process, out, err))
        }
        return results
    }

    @Test("8 processes creating one new database at once all succeed (before: a third of rounds lost a process)", arguments: 0..<6)
    func freshDatabase(round: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let results = try await Self.together(8, ["db", "migrate", "--db", "new.sqlite"], in: directory)
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("schema v17-shards"))
        }
    }

    @Test("8 processes upgrading one old database (v1, rollback journal) at once all succeed and keep its runs", arguments: 0..<6)
    func oldDatabase(round: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let queue = try DatabaseQueue(path: directory.path("old.sqlite"))
        try StoreMigrations.migrator.migrate(queue, upTo: "v1-runs-results-scores")
        try await queue.write { db in _ = try EvalStoreTests.insertOldRun(db, status: "completed", tag: "main") }
        try queue.close()
        let results = try await Self.together(8, ["db", "migrate", "--db", "old.sqlite"], in: directory)
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("schema v17-shards"))
        }
        let store = try SQLiteStore(path: directory.path("old.sqlite"), create: false)
        #expect(try await store.runID(for: "main") == 1)
        let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("6 runs started at once on a new database all complete, and every run and result is stored")
    func concurrentRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<10).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let results = try await Self.together(6, ["run", evalSet], in: directory)
        for result in results {
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"), create: false)
        let runs = try await store.recentRuns()
        #expect(runs.count == 6)
        #expect(runs.allSatisfy { $0.run.status == .completed && $0.total == 10 && $0.passed == 10 })
    }
}
