import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("evalctl run --cache: answers content-addressed in the store, every mode")
struct ResponseCacheTests {
    static let questions = (0..<6).map { "question \($0)" }

    /// The number of rows in `table`, or of `results` matching `condition`.
    static func count(_ directory: TemporaryDirectory, _ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    static func outputs(_ directory: TemporaryDirectory, run: Int) throws -> [String: String] {
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        return try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT case_id, repeat_index, output FROM results WHERE run_id = ?", arguments: [run])
                .map { ("\($0["case_id"] as String)#\($0["repeat_index"] as Int)", $0["output"] as String? ?? "<nil>") })
        }
    }

    @Test("use: the first run records, the second sends nothing and says every answer came from the cache")
    func useRecordsThenHits() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let first = try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--format", "json"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(responder.receivedRequests.count == 6)
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM response_cache") == 6)
        let second = try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--format", "json", "--junit", "junit.xml"], in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(responder.receivedRequests.count == 6, "every answer was a hit")
        let summary = try JSONValue(parsing: Data(second.stdout.utf8))
        #expect(summary["from_cache"] == .number(6))
        #expect(try Self.outputs(directory, run: 2) == Self.outputs(directory, run: 1))
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM results WHERE run_id = 2 AND from_cache AND attempts = 0") == 6)
        let junit = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(junit.contains("<property name=\"from_cache\" value=\"6\"/>"))
        let text = try await EvalctlProcess.run(["runs", "show", "2"], in: directory)
        #expect(text.stdout.contains("answers from the response cache: 6 of 6"))
    }

    @Test("repeats are separate entries, and a changed parameter is a miss")
    func repeatsAndParameters() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    params: {temperature: 0}")
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--repeat", "2"], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 12)
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM response_cache") == 12, "two repeats are two entries")
        #expect(try Self.count(directory, "SELECT COUNT(DISTINCT cache_key) FROM results") == 12)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--repeat", "2"], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 12)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    params: {temperature: 0.7}")
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use"], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 18, "temperature is part of the key: every case was a miss")
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM results WHERE run_id = 3 AND from_cache") == 0)
    }

    @Test("refresh asks again and overwrites; off neither reads nor records")
    func refreshAndOff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion(answering: "old"))
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use"], in: directory).status == 0)
        responder.setDefault(.chatCompletion(answering: "new"))
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "refresh"], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 12)
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM response_cache WHERE output = 'new'") == 6)
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM response_cache") == 6)
        #expect(try await EvalctlProcess.run(["run", evalSet], in: directory).status == 0, "off is the default")
        #expect(responder.receivedRequests.count == 18, "off never reads the cache")
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM run_cache_keys WHERE run_id = 3") == 0)
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM results WHERE run_id = 3 AND cache_key IS NOT NULL") == 6,
                "the key is kept with each result all the same, so the run can be exported")
    }

    @Test("only never calls a model: hits need no API key; a miss is an error naming the key; errors are never cached")
    func onlyMode() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion(), script: [.error(.serverError)])
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    api_key_env: EVALCTL_TEST_CACHE_KEY")
        let recorded = try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--concurrency", "1"], in: directory,
                                                     environment: ["EVALCTL_TEST_CACHE_KEY": "sk-test-cache-secret"])
        #expect(recorded.status == 3, "the first case hit a 500: \(recorded.stderr)")
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM response_cache") == 5, "the error was not cached")
        #expect(try Self.count(directory, "SELECT COUNT(*) FROM response_cache WHERE request LIKE '%sk-test%' OR output LIKE '%sk-test%'") == 0)
        let before = responder.receivedRequests.count
        server.stop()
        let replay = try await EvalctlProcess.run(["run", evalSet, "--cache", "only", "--format", "json"], in: directory)
        #expect(replay.status == 3, "one miss: \(replay.stderr)")
        #expect(responder.receivedRequests.count == before)
        let summary = try JSONValue(parsing: Data(replay.stdout.utf8))
        #expect(summary["from_cache"] == .number(5))
        #expect(summary["errored"] == .number(1))
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let error = try await queue.read { try String.fetchOne($0, sql: "SELECT error FROM results WHERE run_id = 2 AND status = 'error'") }
        let key = try await queue.read { try String.fetchOne($0, sql: "SELECT cache_key FROM results WHERE run_id = 2 AND status = 'error'") }
        #expect(error?.contains("no cached answer") == true)
        #expect(key.map { error?.contains($0) == true } == true, "the error names the missing key")
        let sample = try await queue.read { try Int.fetchOne($0, sql: "SELECT repeat_index FROM results WHERE run_id = 2 AND status = 'error'") }
        #expect(sample == 0)
        #expect(error?.contains("sample 0)") == true, "the sample as the cache and cassettes number it: \(error ?? "-")")
    }

    @Test("a cache mode in the config applies unless --cache says otherwise; a bad one is a config error with its line")
    func configuredMode() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    cache: use")
        #expect(try await EvalctlProcess.run(["run", evalSet], in: directory).status == 0)
        #expect(try await EvalctlProcess.run(["run", evalSet], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 6)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "off"], in: directory).status == 0)
        #expect(responder.receivedRequests.count == 12)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    cache: uses")
        let bad = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("evalctl.yaml:") && bad.stderr.contains("did you mean 'use'"), "\(bad.stderr)")
        let badFlag = try await EvalctlProcess.run(["run", evalSet, "--cache", "sometimes"], in: directory)
        #expect(badFlag.status == 2)
    }

    @Test("drift leaves out runs answered from the cache, and says so")
    func driftIgnoresCachedRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use"], in: directory).status == 0)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "use"], in: directory).status == 0)
        let drift = try await EvalctlProcess.run(["drift", "--format", "json"], in: directory)
        let report = try JSONValue(parsing: Data(drift.stdout.utf8))
        #expect(report["runs"] == .array([.number(1)]))
        #expect(report["left_out_replayed_runs"] == .array([.number(2)]))
        let text = try await EvalctlProcess.run(["drift"], in: directory)
        #expect(text.stdout.contains("left out 1 run answered from the response cache"))
    }

    @Test("only never starts a managed llama.cpp server: its key names the model file, so a port change is no miss")
    func onlyStartsNoServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["question 0"])
        // A server program that would fail at once if it were ever started.
        try directory.write("evalctl.yaml", """
            backends:
              local:
                type: llama-server
                model_path: \(directory.path("missing.gguf"))
                server_binary: /bin/false
            """)
        let result = try await EvalctlProcess.run(["run", evalSet, "--cache", "only", "--format", "json"], in: directory)
        #expect(result.status == 3, "a miss is an error for its case: \(result.stderr)")
        #expect(!result.stderr.contains("could not start"), "\(result.stderr)")
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let error = try await queue.read { try String.fetchOne($0, sql: "SELECT error FROM results") }
        #expect(error?.contains("no cached answer for this request (--cache only)") == true, "\(error ?? "-")")
        #expect(error?.contains("model missing") == true, "the model id is the file's name without .gguf")
    }
}
