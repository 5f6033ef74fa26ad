import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("evalctl run --resume: a stopped run continues where it stopped, never storing a cell twice")
struct ResumeTests {
    static func cells(_ directory: TemporaryDirectory, run: Int) throws -> (total: Int, distinct: Int) {
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        return try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE run_id = ?", arguments: [run]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT suite_id, case_id, repeat_index FROM results WHERE run_id = ?)", arguments: [run]) ?? 0)
        }
    }

    @Test("a run killed with SIGKILL is resumed: same run id, only the missing cells sent, exactly N unique results")
    func resumeAfterKill() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = InterruptedRunTests.answersThenHangs(12)
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<60).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "2", "--repeat", "2"], in: directory)
        let seen = try await InterruptedRunTests.waitForResults(12, in: directory.path("evals.sqlite"))
        kill(process.processIdentifier, SIGKILL)
        _ = await EvalctlProcess.collect(process, out, err)
        let stored = try Self.cells(directory, run: 1).total
        #expect(stored >= seen && stored < 120)
        let sentBefore = responder.receivedRequests.count
        responder.setDefault(.chatCompletion())
        let resumed = try await EvalctlProcess.run(["run", "--resume", "latest", "--format", "json"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed run 1: sent \(120 - stored) of its 120 cells"))
        let summary = try JSONValue(parsing: Data(resumed.stdout.utf8))
        #expect(summary["run_id"] == .number(1))
        #expect(summary["status"] == .string("completed"))
        #expect(summary["total"] == .number(120))
        let cells = try Self.cells(directory, run: 1)
        #expect(cells.total == 120 && cells.distinct == 120, "every cell exactly once")
        #expect(responder.receivedRequests.count - sentBefore == 120 - stored, "only the missing cells were sent")
        if resumed.status != 0 {
            let show = try await EvalctlProcess.run(["runs", "show", "1"], in: directory)
            Issue.record("resume failed: \(show.stdout)")
        }
        let again = try await EvalctlProcess.run(["run", "--resume", "1"], in: directory)
        #expect(again.status == 2)
        #expect(again.stderr.contains("it completed; there is nothing left to run"))
        let show = try await EvalctlProcess.run(["runs", "show", "1"], in: directory)
        #expect(show.stdout.contains("resumed 1 time"))
    }

    @Test("--resume with --cache use answers the missing cells from the cache where it can and sends only the rest")
    func resumeWithCache() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<10).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        // Run 1 records every answer in the cache.
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use"], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 10)
        // Run 2 asks the model (no cache), answers 4 cases, then hangs on the fifth and is killed.
        responder.enqueue(contentsOf: Array(repeating: .chatCompletion(delay: .milliseconds(20)), count: 4))
        responder.setDefault(.hang)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "1"], in: directory)
        let deadline = ContinuousClock.now + .seconds(60)
        while try Self.cells(directory, run: 2).total < 4, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        kill(process.processIdentifier, SIGKILL)
        _ = await EvalctlProcess.collect(process, out, err)
        let stored = try Self.cells(directory, run: 2).total
        #expect(stored == 4)
        responder.setDefault(.chatCompletion())
        let sentBefore = responder.receivedRequests.count

        let resumed = try await EvalctlProcess.run(["run", "--resume", "2", "--cache", "use", "--format", "json"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed run 2: sent \(10 - stored) of its 10 cells"), "\(resumed.stderr)")
        let summary = try JSONValue(parsing: Data(resumed.stdout.utf8))
        #expect(summary["run_id"] == .number(2) && summary["total"] == .number(10))
        #expect(summary["from_cache"] == .number(Double(10 - stored)), "the missing cells came from run 1's answers")
        #expect(responder.receivedRequests.count == sentBefore, "nothing was sent to the model")
        #expect(try Self.cells(directory, run: 2) == (10, 10), "every cell exactly once")
    }

    @Test("a run another live process is writing is not resumed")
    func refusesLiveOwner() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: InterruptedRunTests.answersThenHangs(2).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<100).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "1"], in: directory)
        _ = try await InterruptedRunTests.waitForResults(1, in: directory.path("evals.sqlite"))
        let refused = try await EvalctlProcess.run(["run", "--resume", "latest"], in: directory)
        kill(process.processIdentifier, SIGKILL)
        _ = await EvalctlProcess.collect(process, out, err)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("it is still running (process \(process.processIdentifier)"), "\(refused.stderr)")
    }

    @Test("resuming after the eval set, the prompt or the backend changed is refused with what changed")
    func refusesChangedInput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = InterruptedRunTests.answersThenHangs(4)
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<100).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "1"], in: directory)
        _ = try await InterruptedRunTests.waitForResults(2, in: directory.path("evals.sqlite"))
        kill(process.processIdentifier, SIGINT)
        _ = await EvalctlProcess.collect(process, out, err)

        try directory.write("echo/prompts/plain.yaml", "user: \"Q: {{q}}\"\n")
        let prompt = try await EvalctlProcess.run(["run", "--resume", "latest"], in: directory)
        #expect(prompt.status == 2)
        #expect(prompt.stderr.contains("prompt 'plain' of eval set 'echo' changed since run 1 started"), "\(prompt.stderr)")
        try directory.write("echo/prompts/plain.yaml", "user: \"{{q}}\"\n")

        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    params: {temperature: 1}")
        let config = try await EvalctlProcess.run(["run", "--resume", "latest"], in: directory)
        #expect(config.status == 2)
        #expect(config.stderr.contains("error: --resume: backend 'stub' changed since run 1 started: params.temperature none → 1"),
                "names the field that changed: \(config.stderr)")
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let original = try String(contentsOfFile: directory.path("evalctl.yaml"), encoding: .utf8)
        try directory.write("evalctl.yaml", original.replacingOccurrences(of: "model: gpt-stub", with: "model: gpt-other"))
        let model = try await EvalctlProcess.run(["run", "--resume", "latest"], in: directory)
        #expect(model.status == 2)
        #expect(model.stderr.contains("backend 'stub' changed since run 1 started: model gpt-stub → gpt-other"), "\(model.stderr)")
        try directory.write("evalctl.yaml", original)

        let other = try await EvalctlProcess.run(["run", evalSet, "--repeat", "3", "--resume", "latest"], in: directory)
        #expect(other.status == 2)
        #expect(other.stderr.contains("--resume runs the run's own matrix"))

        _ = try EchoEvalSet.write(into: directory, questions: (0..<101).map { "question \($0)" })
        let cases = try await EvalctlProcess.run(["run", "--resume", "latest"], in: directory)
        #expect(cases.status == 2)
        #expect(cases.stderr.contains("eval set 'echo' changed since run 1 started"))
        #expect(try Self.cells(directory, run: 1).total < 100, "nothing was sent by a refused resume")
    }

    @Test("--retry-errors sends errored cells again; the earlier errors stay in the history")
    func retryErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion(), script: [.error(.serverError), .error(.serverError)])
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<10).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let first = try await EvalctlProcess.run(["run", evalSet, "--concurrency", "1"], in: directory)
        #expect(first.status == 3)
        let plain = try await EvalctlProcess.run(["run", "--resume", "latest"], in: directory)
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("add --retry-errors"))
        let retried = try await EvalctlProcess.run(["run", "--resume", "latest", "--retry-errors", "--format", "json"], in: directory)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(responder.receivedRequests.count == 12)
        let summary = try JSONValue(parsing: Data(retried.stdout.utf8))
        #expect(summary["errored"] == .number(0))
        #expect(summary["passed"] == .number(10))
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let history = try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM superseded_results WHERE run_id = 1 AND status = 'error'") }
        #expect(history == 2)
        #expect(try Self.cells(directory, run: 1) == (10, 10))
    }

    @Test("a resumed run keeps its case selection: the same sample, whatever --seed the resume would default to")
    func resumeKeepsSelection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion(), script: [.error(.serverError)])
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<30).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--sample", "5", "--seed", "3", "--concurrency", "1"], in: directory).status == 3)
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let before = try await queue.read { try String.fetchSet($0, sql: "SELECT case_id FROM results WHERE run_id = 1") }
        let resumed = try await EvalctlProcess.run(["run", "--resume", "1", "--retry-errors"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let after = try await queue.read { try String.fetchSet($0, sql: "SELECT case_id FROM results WHERE run_id = 1") }
        #expect(before.count == 5 && after == before)
        #expect(responder.receivedRequests.count == 6)
    }

    @Test("the store refuses a second result for a stored cell")
    func storeUniqueness() async throws {
        let store = try SQLiteStore.inMemory()
        let runID = try await store.insertRun(EvalStoreTests.run())
        let suiteID = try await store.insertSuite(EvalStoreTests.suite(runID: runID))
        let result = EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: "a", status: .passed)
        try await store.insertResult(result, scores: [])
        await #expect(throws: StoreError.self) { try await store.insertResult(result, scores: []) }
        var error = result
        error.caseID = "b"
        error.status = .error
        try await store.insertResult(error, scores: [])
        var retry = error
        retry.status = .passed
        try await store.insertResults([ResultEntry(result: retry, scores: [], replacesEarlier: true)])
        let cells = try await store.storedCells(ofRun: runID)
        #expect(cells[CellKey(suiteID: suiteID, caseID: "b", repeatIndex: 0)] == .passed)
        #expect(try await store.supersededCount(ofRun: runID) == 1)
        // A pass is never replaced, even when asked to.
        await #expect(throws: StoreError.self) { try await store.insertResults([ResultEntry(result: result, scores: [], replacesEarlier: true)]) }
    }
}
