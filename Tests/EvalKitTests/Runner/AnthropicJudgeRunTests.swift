import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("A run judged by an Anthropic judge")
struct AnthropicJudgeRunTests {
    @Test("an anthropic judge is asked in the Messages format (no response_format, no seed) and its JSON verdicts are stored")
    func anthropicJudge() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let generator = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { generator.stop() }
        // The stub refuses what the real API refuses (seed, response_format, no max_tokens), so a judge request that
        // drifted from the Messages format would be an error here.
        let judge = ScriptedResponder(default: .anthropicMessage(.fixed(#"{"score": 5, "reason": "matches"}"#)))
        let judgeServer = try StubHTTPServer(handler: judge.handler)
        defer { judgeServer.stop() }
        try directory.write("echo/rubric.md", "Question: {{q}}\nAnswer: {{output}}\nDoes the answer repeat the question?")
        let evalSet = try EchoEvalSet.write(
            into: directory, questions: (0..<3).map { "question \($0)" }, minPassRate: 1,
            scorers: "- {type: judge, backend: grader, rubric: rubric.md, scale: 1-5, threshold: 4}")
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: openai
                base_url: \(generator.baseURL.absoluteString)/v1
                model: gpt-stub
                max_retries: 0
              grader:
                type: anthropic
                base_url: \(judgeServer.baseURL.absoluteString)
                model: claude-judge
                max_retries: 0
            """)
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        let outcome = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        #expect(outcome.summary.passed == 3)
        #expect(outcome.summary.errored == 0)
        #expect(judge.receivedRequests.count == 3)
        let body = try JSONValue(parsing: judge.receivedRequests[0].body)
        #expect(body["response_format"] == nil && body["seed"] == nil)
        #expect(body["temperature"] == .number(0))
        #expect(body["max_tokens"] == .number(1024))
        #expect(body["system"]?.stringValue?.contains("Reply with only a JSON object") == true)
        #expect(body["messages"]?.arrayValue?.count == 1)
        let results = try await SQLiteStore(path: options.databasePath).results(ofRun: outcome.summary.run.id)
        let details = try JSONValue(parsing: Data((results.first?.scores.first?.details ?? "").utf8))
        #expect(details["judge_model"] == .string("claude-judge"))
        #expect(details["scores"] == .array([.number(5)]))
    }
}
