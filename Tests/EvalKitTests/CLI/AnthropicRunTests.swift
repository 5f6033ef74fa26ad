import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("evalctl run with type: anthropic, against the stub")
struct AnthropicRunTests {
    static func config(_ directory: TemporaryDirectory, baseURL: URL, maxRetries: Int = 0) throws {
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: anthropic
                base_url: \(baseURL.absoluteString)
                model: claude-stub
                api_key_env: EVALCTL_TEST_ANTHROPIC_KEY
                concurrency: 4
                max_retries: \(maxRetries)
                params: {temperature: 0}
            """)
    }

    @Test("a run stores answers, stop reasons and the cache parts of input tokens; refusals show in JUnit, the summary and runs show")
    func runAgainstStub() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Case 3 is refused; every answer reports prompt caching.
        let responder = ScriptedResponder(default: StubBehavior { request in
            if request.bodyText.contains("question 3") {
                return AnthropicWire.reply(to: request, answer: .fixed("I can't help with that."), stopReason: "refusal")
            }
            return StubBehavior.anthropicUsage(input: 5, cacheCreation: 100, cacheRead: 900, output: 2).response(to: request)
        })
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<6).map { "question \($0)" }, minPassRate: 0.5)
        try Self.config(directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(
            ["run", evalSet, "--format", "json", "--junit", "junit.xml"], in: directory,
            environment: ["EVALCTL_TEST_ANTHROPIC_KEY": "sk-ant-e2e"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(summary["passed"] == .number(5) && summary["failed"] == .number(1))
        #expect(summary["suites"]?.arrayValue?.first?["model"] == .string("claude-stub"))
        #expect(summary["refusals"] == .number(1) && summary["suites"]?.arrayValue?.first?["refusals"] == .number(1))
        #expect(responder.receivedRequests.allSatisfy { $0.header("x-api-key") == "sk-ant-e2e" && $0.path == "/v1/messages" })

        let database = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT case_id, finish_reason, prompt_tokens, completion_tokens, cache_creation_input_tokens,
                       cache_read_input_tokens, ttft_ms FROM results ORDER BY case_id
                """)
        }
        #expect(rows.count == 6)
        let answered = try #require(rows.first { $0["case_id"] == "case-0" })
        #expect(answered["finish_reason"] == "end_turn")
        #expect(answered["prompt_tokens"] == 1005)
        #expect(answered["cache_creation_input_tokens"] == 100 && answered["cache_read_input_tokens"] == 900)
        #expect(answered["completion_tokens"] == 2)
        #expect((answered["ttft_ms"] as Double?) != nil, "streamed by default")
        let refused = try #require(rows.first { $0["case_id"] == "case-3" })
        #expect(refused["finish_reason"] == "refusal")
        let junit = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(junit.contains("finish reason: refusal (the model declined to answer)"))

        let refusalLine = "refusals: 1 answer (finish reason refusal or content_filter: the model declined to answer)"
        let show = try await EvalctlProcess.run(["runs", "show", "1"], in: directory)
        #expect(show.stdout.contains(refusalLine), "\(show.stdout)")
        #expect(show.stdout.contains("FAILED  echo/case-3  [plain @ stub]  (refused: finish reason refusal) exact:"), "\(show.stdout)")
        let shown = try JSONValue(parsing: Data(try await EvalctlProcess.run(["runs", "show", "1", "--format", "json"], in: directory).stdout.utf8))
        #expect(shown["refusals"] == .number(1))
        let refusedResult = shown["results"]?.arrayValue?.first { $0["case_id"] == .string("case-3") }
        #expect(refusedResult?["finish_reason"] == .string("refusal") && refusedResult?["refused"] == .bool(true))
        #expect(shown["results"]?.arrayValue?.first { $0["case_id"] == .string("case-0") }?["refused"] == .bool(false))
        let text = try await EvalctlProcess.run(["run", evalSet], in: directory, environment: ["EVALCTL_TEST_ANTHROPIC_KEY": "sk-ant-e2e"])
        #expect(text.stdout.contains(refusalLine), "\(text.stdout)")
    }

    @Test("a 401 is stored as the case's error with the API's message, and the run exits 3")
    func authenticationErrorStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .anthropicError(.authentication))
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["question 0"])
        try Self.config(directory, baseURL: server.baseURL, maxRetries: 3)
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory, environment: ["EVALCTL_TEST_ANTHROPIC_KEY": "sk-ant-e2e"])
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(responder.receivedRequests.count == 1, "a 401 is not retried")
        let database = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let error = try await database.read { db in try String.fetchOne(db, sql: "SELECT error FROM results") }
        #expect(error == "HTTP 401: authentication_error: invalid x-api-key")
    }
}
