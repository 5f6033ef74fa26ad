import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("Client-side quotas in a run: tpm held to the usage answers report, judges sharing the backend's quota")
struct TokenQuotaTests {
    @Test("tpm holds 40 cases at concurrency 8 to the quota, estimated with the backend's max_tokens and corrected by usage")
    func tokensPerMinute() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<40).map { "question number \($0) of the quota test" })
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: openai
                base_url: \(server.baseURL.absoluteString)/v1
                model: gpt-stub
                concurrency: 8
                max_retries: 0
                params: {max_tokens: 16}
                tpm: 6000
            """)
        let started = ContinuousClock.now
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json"], in: directory)
        let seconds = (ContinuousClock.now - started).seconds
        #expect(result.status == 0, "\(result.stderr)")
        let (total, largest) = try await DatabaseQueue(path: directory.path("evals.sqlite")).read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT SUM(prompt_tokens + completion_tokens), MAX(prompt_tokens + completion_tokens) FROM results"))
            return (row[0] as Int, row[1] as Int)
        }
        // 100 tokens a second, a second's worth at once; the requests in flight (8) may each overdraw by one answer.
        let rate = 6000.0 / 60
        let lowest = (Double(total) - rate - 8 * Double(largest)) / rate
        let ideal = (Double(total) - rate) / rate
        #expect(seconds >= lowest, "\(total) tokens in \(seconds) s: over the quota")
        // Only a bound against a stall: the parallel test phase stretches wall time at will (measured alone: 13.8–14.7 s
        // at concurrency 1 and 8 against an ideal of 13.4 s). RequestQuotaTests checks the estimate and the waking.
        #expect(seconds < ideal * 6 + 30, "\(total) tokens took \(seconds) s, the quota allows them in \(ideal) s")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect((summary["backends"]?.arrayValue?.first?["quota_waits"]?.doubleValue ?? 0) > 0)
    }

    @Test("judge calls to the backend take from the same quota as the answers")
    func judgeSharesTheQuota() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: StubBehavior { request in
            request.bodyText.contains("Does the answer repeat the question?")
                ? OpenAIWire.reply(to: request, answer: .fixed(#"{"score": 5, "reason": "it does"}"#))
                : OpenAIWire.reply(to: request)
        })
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        try directory.write("echo/rubric.md", "Question: {{q}}\nAnswer: {{output}}\nDoes the answer repeat the question?")
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<10).map { "question \($0)" },
                                            scorers: "- {type: judge, backend: stub, rubric: rubric.md, scale: 1-5, threshold: 4}")
        // 10 requests a second, 10 at once: the 10 answers alone never wait; with their 10 judge calls, the last wait 1 s.
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    rpm: 600")
        let started = ContinuousClock.now
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json"], in: directory)
        let seconds = (ContinuousClock.now - started).seconds
        #expect(result.status == 0, "\(result.stderr)")
        #expect(responder.receivedRequests.count == 20)
        #expect(seconds >= 0.9, "20 requests at 10 a second after a burst of 10: \(seconds) s")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect((summary["backends"]?.arrayValue?.first?["quota_waits"]?.doubleValue ?? 0) > 0)
    }
}
