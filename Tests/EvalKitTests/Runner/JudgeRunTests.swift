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

@Suite("A judge through the response cache and the cost ledger")
struct JudgeCacheTests {
    @Test("judge verdicts are cached per ask (repeats), charged as judging, and rescore re-uses them with --cache only")
    func judgeVerdictsCached() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let generator = ScriptedResponder(default: .chatCompletion())
        let generatorServer = try StubHTTPServer(handler: generator.handler)
        defer { generatorServer.stop() }
        let judge = ScriptedResponder(default: .chatCompletion(answering: #"{"score": 4, "reason": "close"}"#))
        let judgeServer = try StubHTTPServer(handler: judge.handler)
        defer { judgeServer.stop() }
        try directory.write("echo/rubric.md", "Question: {{q}}\nAnswer: {{output}}")
        let evalSet = try EchoEvalSet.write(
            into: directory, questions: (0..<4).map { "question \($0)" }, minPassRate: 0,
            scorers: "- {type: judge, backend: grader, rubric: rubric.md, scale: 1-5, threshold: 4, repeats: 2}")
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: openai
                base_url: \(generatorServer.baseURL.absoluteString)/v1
                model: gpt-stub
                max_retries: 0
                cost_per_mtok: {input: 1, output: 2}
              grader:
                type: openai
                base_url: \(judgeServer.baseURL.absoluteString)/v1
                model: judge-stub
                max_retries: 0
                cost_per_mtok: {input: 100, output: 200}
            """)
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        options.cacheMode = .use
        let first = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        #expect(first.summary.passed == 4)
        #expect(generator.receivedRequests.count == 4)
        #expect(judge.receivedRequests.count == 8, "two asks per case")
        let judging = try #require(first.summary.judgingCostUSD)
        let generation = try #require(first.summary.generationCostUSD)
        #expect(judging > generation, "the judge's prices are 100 times the generator's")
        let store = try SQLiteStore(path: options.databasePath)
        #expect(try await store.cacheStatistics().entries == 12, "4 answers and 8 verdicts")

        let second = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        #expect(generator.receivedRequests.count == 4 && judge.receivedRequests.count == 8, "everything was a hit")
        #expect(second.summary.fromCache == 4)
        #expect(second.summary.judgingCostUSD == 0)

        // A stricter threshold, rescored with the judge's cached verdicts only: nothing is asked.
        _ = try EchoEvalSet.write(
            into: directory, questions: (0..<4).map { "question \($0)" }, minPassRate: 0,
            scorers: "- {type: judge, backend: grader, rubric: rubric.md, scale: 1-5, threshold: 5, repeats: 2}")
        var rescore = Rescorer.Options(source: String(first.summary.run.id), databasePath: options.databasePath)
        rescore.configPath = options.configPath
        rescore.cacheMode = .only
        let rescored = try await Rescorer(options: rescore).run()
        #expect(rescored.rescored == 4)
        #expect(rescored.summary.failed == 4, "4 is under the new threshold")
        #expect(rescored.summary.run.rescoredFrom == first.summary.run.id)
        #expect(judge.receivedRequests.count == 8)
    }
}
