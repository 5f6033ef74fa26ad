import EvalStub
import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("Killed and interrupted runs, as a process")
struct InterruptedRunTests {
    /// Waits until the run has stored at least `count` results.
    /// A stub answering `count` requests (20 ms each) and hanging on every later one.
    static func answersThenHangs(_ count: Int) -> ScriptedResponder {
        ScriptedResponder(default: .hang, script: Array(repeating: .chatCompletion(delay: .milliseconds(20)), count: count))
    }

    static func waitForResults(_ count: Int, in path: String) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: path), let store = try? SQLiteStore(path: path),
               let id = try? await store.runID(for: "latest"), let results = try? await store.results(ofRun: id),
               results.count >= count {
                return results.count
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the run stored fewer than \(count) results within 60 s")
        return 0
    }

    @Test("a run killed with SIGKILL keeps every result finished before the kill, intact")
    func killedRunKeepsResults() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The first answers come quickly, then the server hangs: the run cannot finish before it is stopped, however
        // loaded the machine is.
        let server = try StubHTTPServer(handler: Self.answersThenHangs(10).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<200).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "2"], in: directory)
        let seen = try await Self.waitForResults(6, in: directory.path("evals.sqlite"))
        kill(process.processIdentifier, SIGKILL)
        let killed = await EvalctlProcess.collect(process, out, err)
        #expect(killed.status == SIGKILL, "terminated by the signal")
        #expect(seen >= 6)
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let runID = try await store.runID(for: "latest")
        let results = try await store.results(ofRun: runID)
        #expect(results.count >= seen)
        #expect(results.count < 200)
        #expect(results.allSatisfy { $0.result.status == .passed && $0.result.output != nil && $0.scores.count == 1 })
        #expect(try await store.summary(ofRun: runID).run.status == .abandoned, "its process is gone, nothing marked it finished")
        let show = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory)
        #expect(show.status == 0)
    }

    @Test("Ctrl-C stops the run cleanly: finished results kept, run marked interrupted, exit 130")
    func interruptedRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The first answers come quickly, then the server hangs: the run cannot finish before it is stopped, however
        // loaded the machine is.
        let server = try StubHTTPServer(handler: Self.answersThenHangs(10).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<200).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "2", "--junit", "junit.xml"], in: directory)
        _ = try await Self.waitForResults(4, in: directory.path("evals.sqlite"))
        kill(process.processIdentifier, SIGINT)
        let result = await EvalctlProcess.collect(process, out, err)
        #expect(result.status == 130)
        #expect(result.stdout.contains("interrupted"))
        #expect(result.stdout.contains("INCOMPLETE"))
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let summary = try await store.summary(ofRun: try await store.runID(for: "latest"))
        #expect(summary.run.status == .interrupted)
        #expect(summary.run.finishedAt != nil)
        #expect(summary.total >= 4 && summary.total < 200)
        #expect(FileManager.default.fileExists(atPath: directory.path("junit.xml")), "JUnit is written for what finished")
    }
}
