import EvalStub
import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("A SIGKILLed run reads as abandoned, as a process")
struct AbandonedRunTests {
    /// Waits until run `runID` has stored at least `count` results.
    static func waitForResults(_ count: Int, ofRun runID: Int64, in path: String) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let store = try? SQLiteStore(path: path, create: false), let results = try? await store.results(ofRun: runID),
               results.count >= count {
                return results.count
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("run \(runID) stored fewer than \(count) results within 60 s")
        return 0
    }

    @Test("runs list, runs show (text and JSON) call a killed run abandoned and keep its results; gate and compare say so")
    func killedRunIsAbandoned() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<40).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
        let baseline = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(baseline.status == 0, "\(baseline.stderr)")

        // A few answers, then the server hangs: the run cannot finish before it is killed, however loaded the machine.
        responder.enqueue(contentsOf: Array(repeating: .chatCompletion(delay: .milliseconds(20)), count: 4))
        responder.setDefault(.hang)
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--concurrency", "2"], in: directory)
        let seen = try await Self.waitForResults(2, ofRun: 2, in: directory.path("evals.sqlite"))
        let running = try await EvalctlProcess.run(["runs", "list"], in: directory)
        #expect(running.stdout.contains("running") && !running.stdout.contains("abandoned"), "alive while its process runs:\n\(running.stdout)")
        kill(process.processIdentifier, SIGKILL)
        let killed = await EvalctlProcess.collect(process, out, err)
        #expect(killed.status == SIGKILL)

        let list = try await EvalctlProcess.run(["runs", "list"], in: directory)
        #expect(list.status == 0, "\(list.stderr)")
        // Run id and status of each row: RUN, date, time, STATUS.
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ") }.filter { Int($0.first ?? "") != nil }
        #expect(rows.map { "\($0[0]) \($0[3])" } == ["2 abandoned", "1 completed"], "\(list.stdout)")

        let listJSON = try JSONValue(parsing: Data(try await EvalctlProcess.run(["runs", "list", "--format", "json"], in: directory).stdout.utf8))
        let newest = try #require(listJSON["runs"]?.arrayValue?.first)
        #expect(newest["status"] == .string("abandoned"))
        #expect(newest["owner"]?["state"] == .string("gone"))
        #expect(newest["owner"]?["pid"] == .number(Double(process.processIdentifier)))
        #expect(listJSON["runs"]?.arrayValue?.last?["status"] == .string("completed"))

        let show = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("run 2  abandoned"))
        #expect(show.stdout.contains("abandoned: its process \(process.processIdentifier)"))
        let showJSON = try JSONValue(parsing: Data(try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory).stdout.utf8))
        #expect(showJSON["status"] == .string("abandoned"))
        let stored = showJSON["results"]?.arrayValue ?? []
        #expect(stored.count >= seen && stored.count < 40, "the results stored before the kill are kept")
        #expect(stored.allSatisfy { $0["status"] == .string("passed") })

        let gate = try await EvalctlProcess.run(["gate", "--baseline", "1", "--run", "2"], in: directory)
        #expect(gate.status == 2, "\(gate.stdout)\n\(gate.stderr)")
        #expect((gate.stdout + gate.stderr).contains("run 2 is abandoned, not completed"))
        let compare = try await EvalctlProcess.run(["compare", "1", "2"], in: directory)
        #expect((compare.stdout + compare.stderr).contains("run 2 is abandoned, not completed"), "\(compare.stdout)\n\(compare.stderr)")
    }
}
