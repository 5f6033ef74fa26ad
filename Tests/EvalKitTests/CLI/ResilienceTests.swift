import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("Failing backends: fail fast, fallbacks, the breaker riding out a blip, quotas, the error summary")
struct ResilienceTests {
    static let questions = (0..<600).map { "question \($0)" }

    @Test("600 cases against a closed port end in seconds with one reason, an error summary, and pass rate n/a")
    func failFast() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0)
        try directory.write("evalctl.yaml", "backends:\n  dead:\n    type: openai\n    base_url: http://127.0.0.1:9/v1\n    model: m\n")
        let started = ContinuousClock.now
        let text = try await EvalctlProcess.run(["run", evalSet], in: directory)
        let seconds = (ContinuousClock.now - started).seconds
        #expect(text.status == 3)
        // Quiet, it takes about half a second; the bound only catches the old behaviour (every case retrying with
        // backoff: about 17 minutes), since a loaded CI machine stretches wall time at will. What fail fast means is
        // counted below: almost no case sends a request once the breaker has seen the backend is down.
        #expect(seconds < 120, "it took \(seconds) s")
        let attempts = try await DatabaseQueue(path: directory.path("evals.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(attempts) FROM results") ?? -1
        }
        // The breaker needs 3 refused attempts to call the port closed; the lane's first wave may add a few more.
        #expect((3..<60).contains(attempts), "\(attempts) requests were attempted for 600 cases against a closed port")
        let reason = "backend 'dead' cannot be reached at http://127.0.0.1:9/v1"
        #expect(text.stderr.components(separatedBy: reason).count - 1 == 1, "one line on stderr: \(text.stderr)")
        #expect(text.stdout.contains("errors: 600 × \(reason)"), "\(text.stdout)")
        #expect(text.stdout.contains("pass rate n/a: every case errored"))
        #expect(text.stdout.contains("n/a"))
        let json = try await EvalctlProcess.run(["run", evalSet, "--format", "json"], in: directory)
        let summary = try JSONValue(parsing: Data(json.stdout.utf8))
        #expect(summary["pass_rate"] == .null)
        let reasons = try #require(summary["error_reasons"]?.arrayValue)
        #expect(reasons.count == 1)
        #expect(reasons.first?["count"] == .number(600))
        #expect(reasons.first?["backend"] == .string("dead"))
        #expect(reasons.first?["reason"]?.stringValue?.contains("Connection refused") == true)
    }

    @Test("a case the backend fails goes to its fallback; each result records who answered, and the summary counts them")
    func fallback() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backup = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: backup.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Array(Self.questions.prefix(20)))
        try directory.write("evalctl.yaml", """
            backends:
              primary:
                type: openai
                base_url: http://127.0.0.1:9/v1
                model: m
                fallback: [backup]
              backup:
                type: openai
                base_url: \(server.baseURL.absoluteString)/v1
                model: backup-model
            """)
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json", "--junit", "junit.xml"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(summary["passed"] == .number(20))
        let suite = summary["suites"]?.arrayValue?.first
        #expect(suite?["answered_by"] == .object(["backup": .number(20)]))
        #expect(suite?["model"] == .string("backup-model") && suite?["configured_model"] == .string("m"))
        #expect(backup.receivedRequests.count == 20)
        let junit = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(junit.contains("<property name=\"answered_by.backup\" value=\"20\"/>"))
        // JUnit says what answered, as the JSON summary does, and what the config named.
        #expect(junit.contains("<property name=\"model\" value=\"backup-model\"/>\n      <property name=\"configured_model\" value=\"m\"/>"), "\(junit.prefix(1500))")
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let models = try await queue.read { try String.fetchSet($0, sql: "SELECT model || '/' || answered_by FROM results") }
        #expect(models == ["backup-model/backup"])
        // Each case's one request to the backup, and the refused ones to the primary before it was found unreachable.
        let attempts = try await queue.read { try Int.fetchOne($0, sql: "SELECT SUM(attempts) FROM results") ?? 0 }
        #expect((23..<60).contains(attempts), "\(attempts)")
        let text = try await EvalctlProcess.run(["run", evalSet, "--html", "report.html"], in: directory)
        #expect(text.stdout.contains("answered by: backup 20"))
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        #expect(html.contains("answered by fallbacks: backup 20"))
        let compare = try await EvalctlProcess.run(["compare", "1", "2"], in: directory)
        #expect(compare.stdout.contains("answers came through fallbacks"), "\(compare.stdout)")
        let gate = try await EvalctlProcess.run(["gate", "--baseline", "1", "--run", "2"], in: directory)
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stdout.contains("note: echo / plain / primary: answers came through fallbacks"), "\(gate.stdout)")
    }

    @Test("a chain of two fallbacks: the first fails too (its circuit opens), the second answers; with none left, the error names each")
    func chainOfTwoFallbacks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let failing = ScriptedResponder(default: .error(.serverError))
        let failingServer = try StubHTTPServer(handler: failing.handler)
        defer { failingServer.stop() }
        let backup = ScriptedResponder(default: .chatCompletion())
        let backupServer = try StubHTTPServer(handler: backup.handler)
        defer { backupServer.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Array(Self.questions.prefix(20)))
        func config(backupURL: String) throws {
            try directory.write("evalctl.yaml", """
                backends:
                  primary:
                    type: openai
                    base_url: http://127.0.0.1:9/v1
                    model: m
                    fallback: [flaky, backup]
                  flaky:
                    type: openai
                    base_url: \(failingServer.baseURL.absoluteString)/v1
                    model: flaky-model
                    max_retries: 0
                  backup:
                    type: openai
                    base_url: \(backupURL)/v1
                    model: backup-model
                """)
        }
        try config(backupURL: backupServer.baseURL.absoluteString)
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(summary["suites"]?.arrayValue?.first?["answered_by"] == .object(["backup": .number(20)]))
        #expect(backup.receivedRequests.count == 20)
        // The first fallback was tried until its breaker opened (5 failures in a row); then cases skipped it at once.
        #expect((1..<20).contains(failing.receivedRequests.count), "\(failing.receivedRequests.count)")
        let flaky = summary["backends"]?.arrayValue?.first { $0["backend"] == .string("flaky") }
        #expect((flaky?["circuit_openings"]?.doubleValue ?? 0) >= 1)
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let answered = try await queue.read { try String.fetchSet($0, sql: "SELECT model || '/' || answered_by FROM results") }
        #expect(answered == ["backup-model/backup"])

        try config(backupURL: "http://127.0.0.1:9")
        let failed = try await EvalctlProcess.run(["run", evalSet, "--limit", "3"], in: directory)
        #expect(failed.status == 3, "\(failed.stderr)")
        let errors = try await queue.read { try String.fetchAll($0, sql: "SELECT error FROM results WHERE run_id = 2") }
        #expect(errors.count == 3)
        for error in errors {
            #expect(error.hasPrefix("backend 'primary': backend 'primary' cannot be reached at http://127.0.0.1:9/v1"), "\(error)")
            #expect(error.contains("; then backend 'flaky': ") && error.contains("; then backend 'backup': "), "\(error)")
        }
    }

    @Test("an errored case stores the requests it sent, retries included, as many as the server received")
    func erroredCasesCountTheirAttempts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .error(.serverError))
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Array(Self.questions.prefix(3)), minPassRate: 0)
        try directory.write("evalctl.yaml", """
            backends:
              failing:
                type: openai
                base_url: \(server.baseURL.absoluteString)/v1
                model: m
                concurrency: 3
                max_retries: 2
                circuit_breaker: off
            """)
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(result.status == 3, "\(result.stderr)")
        let attempts = try await DatabaseQueue(path: directory.path("evals.sqlite")).read { db in
            try Int.fetchAll(db, sql: "SELECT attempts FROM results WHERE status = 'error' ORDER BY case_id")
        }
        #expect(attempts == [3, 3, 3])
        #expect(responder.receivedRequests.count == 9)
    }

    @Test("without a fallback, a blip opens the circuit and the lane waits for the probe: no case fails")
    func breakerRidesOutABlip() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion(), script: Array(repeating: .error(.serverError), count: 6))
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Array(Self.questions.prefix(10)))
        try directory.write("evalctl.yaml", """
            backends:
              flaky:
                type: openai
                base_url: \(server.baseURL.absoluteString)/v1
                model: m
                concurrency: 2
                max_retries: 4
                circuit_breaker: {consecutive_failures: 3, cooldown_s: 0.2}
            """)
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(summary["errored"] == .number(0))
        let backends = try #require(summary["backends"]?.arrayValue)
        #expect((backends.first?["circuit_openings"]?.doubleValue ?? 0) >= 1)
        #expect(result.stderr.contains("backend flaky: circuit open"))
        #expect(result.stderr.contains("backend flaky: circuit closed"))
    }

    @Test("rpm holds requests back to the quota and the summary says so")
    func requestsPerMinute() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Array(Self.questions.prefix(30)))
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    rpm: 600")
        let started = ContinuousClock.now
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        let seconds = (ContinuousClock.now - started).seconds
        #expect(result.status == 0, "\(result.stderr)")
        #expect(seconds >= 1.8, "10 at once, then 20 more at 10 per second: \(seconds) s")
        #expect(result.stdout.contains("backend stub: its rpm/tpm quota held requests back"))
    }

    @Test("config: an unknown fallback, a self-fallback and a bad circuit_breaker key are errors with their line")
    func configErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["q"])
        try directory.write("evalctl.yaml", """
            backends:
              a:
                type: openai
                base_url: http://127.0.0.1:9/v1
                model: m
                fallback: [backpu]
              backup:
                type: openai
                base_url: http://127.0.0.1:9/v1
                model: m
                fallback: backup
                circuit_breaker: {cooldown: 3}
                rpm: -5
            """)
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("evalctl.yaml:6: backend 'a': fallback 'backpu' is not a backend in this file (did you mean 'backup'?)"), "\(result.stderr)")
        #expect(result.stderr.contains("circuit_breaker: unknown key 'cooldown'"), "\(result.stderr)")
    }
}
