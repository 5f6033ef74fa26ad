import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Reports that cannot be written, as a process")
struct ReportWriteFailureTests {
    @Test("a --junit or --html path that cannot be written is bad usage found before anything is sent", arguments: ["--junit", "--html"])
    func unwritablePathBeforeTheRun(flag: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["one", "two"])
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        try directory.write("reports/existing.txt", "a file, not a folder\n")
        for path in ["reports", "reports/existing.txt/junit.xml"] {
            let run = try await EvalctlProcess.run(["run", evalSet, flag, path], in: directory)
            #expect(run.status == 2, "\(path): \(run.stderr)")
            #expect(run.stderr.contains("error: \(flag): cannot write \(path)"), "\(run.stderr)")
            #expect(!run.stderr.contains("Error Domain"))
        }
        #expect(responder.receivedRequests.isEmpty, "nothing was sent")
    }

    @Test("a JUnit file that fails to write after the run is one clear line and exit 2; the run is stored completed")
    func junitWriteFailsAfterTheRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("out"), withIntermediateDirectories: true)
        // The folder passes the check at the start; the stub turns it into a file when the second request arrives
        // (on the stub's own thread, so no test timing is involved), while the run is under way.
        let answer = StubBehavior.chatCompletion()
        let sabotage = StubBehavior { request in
            try? FileManager.default.removeItem(atPath: directory.path("out"))
            try? directory.write("out", "now a file\n")
            return answer.response(to: request)
        }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: answer, script: [answer, sabotage]).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["one", "two", "three", "four"])
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let run = try await EvalctlProcess.run(["run", evalSet, "--concurrency", "1", "--junit", "out/junit.xml"], in: directory)
        #expect(run.status == 2, "\(run.stderr)")
        let errorLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errorLines.count == 1, "\(run.stderr)")
        #expect(errorLines.first?.contains("cannot write out/junit.xml") == true)
        #expect(!run.stderr.contains("Error Domain"), "no raw NSError")
        #expect(!run.stderr.contains("JUnit report: out/junit.xml"))
        #expect(run.stdout.contains("4 passed"))
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let summary = try await store.summary(ofRun: try await store.runID(for: "latest"))
        #expect(summary.run.status == .completed)
        #expect(summary.total == 4)
    }

    @Test("the exit status: a report failure is 2, errors (3) and interruptions (130) still win")
    func exitStatusOrder() {
        #expect(RunOrchestrator.verdict(Self.summary(errored: 0), runStatus: .completed, reportFailed: true).exitStatus == .invalidInput)
        #expect(RunOrchestrator.verdict(Self.summary(errored: 1), runStatus: .completed, reportFailed: true).exitStatus == .infrastructureError)
        #expect(RunOrchestrator.verdict(Self.summary(errored: 0), runStatus: .interrupted, reportFailed: true).exitStatus == .interrupted)
    }

    static func summary(errored: Int) -> RunSummary {
        let suite = SuiteSummary(suite: Stored(id: 1, EvalStoreTests.suite(runID: 1)), total: 1, passed: 1 - errored, failed: 0, errored: errored)
        return RunSummary(run: Stored(id: 1, EvalStoreTests.run()), suites: [suite])
    }
}
