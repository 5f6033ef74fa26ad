import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Runs scored by a judge")
struct JudgeRunTests {
    @Test("a run with a judge backend stores each verdict with its details; an unparseable verdict is a JUnit error")
    func judgedRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let generator = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { generator.stop() }
        // The judge answers 5 to everything, except a malformed reply to the question that contains "2".
        let judge = try StubHTTPServer(handler: ScriptedResponder(default: StubBehavior { request in
            let text = request.bodyText
            let reply = text.contains("question 2") ? "Looks fine to me!" : #"{"score": 5, "reason": "matches"}"#
            return OpenAIWire.reply(to: request, answer: .fixed(reply))
        }).handler)
        defer { judge.stop() }
        try directory.write("echo/rubric.md", "Question: {{q}}\nAnswer: {{output}}\nDoes the answer repeat the question?")
        let evalSet = try EchoEvalSet.write(
            into: directory, questions: (0..<4).map { "question \($0)" }, minPassRate: 0.5,
            scorers: "- {type: judge, backend: grader, rubric: rubric.md, scale: 1-5, threshold: 4}")
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: openai
                base_url: \(generator.baseURL.absoluteString)/v1
                model: gpt-stub
                max_retries: 0
              grader:
                type: openai
                base_url: \(judge.baseURL.absoluteString)/v1
                model: judge-stub
                max_retries: 0
            """)
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        options.junitPath = directory.path("junit.xml")
        let outcome = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        #expect(outcome.summary.total == 4)
        #expect(outcome.summary.passed == 3)
        #expect(outcome.summary.errored == 1)
        #expect(outcome.status == .infrastructureError)
        let results = try await SQLiteStore(path: options.databasePath).results(ofRun: outcome.summary.run.id)
        let judged = try #require(results.first { $0.result.caseID == "case-0" })
        let details = try JSONValue(parsing: Data((judged.scores.first?.details ?? "").utf8))
        #expect(details["judge_model"] == .string("judge-stub"))
        #expect(details["scores"] == .array([.number(5)]))
        let errored = try #require(results.first { $0.result.caseID == "case-2" })
        #expect(errored.result.status == .error)
        #expect(errored.result.error?.contains("Looks fine to me!") == true, "the raw reply is kept")
        let xml = try String(contentsOfFile: options.junitPath!, encoding: .utf8)
        #expect(xml.contains("<error message=\"scorer &apos;judge&apos; could not score the output"))
    }

    @Test("a judge backend missing from the config is reported at the scorer's line before anything runs")
    func unknownJudgeBackend() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("echo/rubric.md", "{{output}}")
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["q"], scorers: "- {type: judge, backend: nowhere, rubric: rubric.md}")
        try directory.write("evalctl.yaml", "backends:\n  stub:\n    type: openai\n    base_url: http://127.0.0.1:9/v1\n    model: m\n")
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        do {
            _ = try await RunOrchestrator(options: options).run(progress: SilentProgress())
            Issue.record("expected invalid input")
        } catch let invalid as InvalidInput {
            #expect(invalid.problems.contains { $0.line == 7 && $0.message.contains("backend 'nowhere'") })
        }
        #expect(!FileManager.default.fileExists(atPath: options.databasePath))
    }
}
