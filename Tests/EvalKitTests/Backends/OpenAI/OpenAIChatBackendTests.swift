import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("OpenAI-compatible backend against the stub server")
struct OpenAIChatBackendTests {
    @Test("a non-streaming answer is parsed: content, model, usage, fingerprint, finish reason")
    func nonStreaming() async throws {
        let harness = try StubBackendHarness(default: .chatCompletion(.fixed("Paris")))
        defer { harness.server.stop() }
        let backend = harness.backend(stream: false)
        defer { Task { await backend.shutdown() } }
        let completion = try await backend.complete(StubBackendHarness.question)
        #expect(completion.content == "Paris")
        #expect(completion.model == "gpt-stub")
        #expect(completion.finishReason == "stop")
        #expect(completion.systemFingerprint == OpenAIWire.systemFingerprint)
        #expect((completion.promptTokens ?? 0) > 0)
        #expect((completion.completionTokens ?? 0) > 0)
        #expect(completion.timeToFirstToken == nil)
        #expect(completion.attempts == 1)
        let body = try harness.body(0)
        #expect(body["model"] == .string("gpt-stub"))
        #expect(body["temperature"] == .number(0))
        #expect(body["stream"] == nil)
        #expect(body["messages"]?.arrayValue?.count == 2)
        #expect(body["messages"]?.arrayValue?.last?["content"] == .string("What is the capital of France?"))
    }

    @Test("streaming assembles the deltas and reads usage from the include_usage chunk")
    func streaming() async throws {
        let harness = try StubBackendHarness(default: .chatCompletion(.fixed("The capital of France is Paris.")))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let completion = try await backend.complete(StubBackendHarness.question)
        await backend.shutdown()
        #expect(completion.content == "The capital of France is Paris.")
        #expect(completion.finishReason == "stop")
        #expect((completion.completionTokens ?? 0) > 0)
        #expect(completion.timeToFirstToken != nil)
        let body = try harness.body(0)
        #expect(body["stream"] == .bool(true))
        #expect(body["stream_options"]?["include_usage"] == .bool(true))
        #expect(harness.responder.receivedRequests[0].header("accept") == "text/event-stream")
    }

    @Test("time to first token is the first content delta on a slow stream, not the response head")
    func timeToFirstTokenOnSlowStream() async throws {
        let harness = try StubBackendHarness(default: .chatCompletion(
            .fixed("one two three four five six seven eight"), delay: .milliseconds(300), eventDelay: .milliseconds(150)))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let completion = try await backend.complete(StubBackendHarness.question)
        await backend.shutdown()
        let ttft = try #require(completion.timeToFirstToken)
        // Role chunk at 300 ms, first content delta 150 ms later, the other seven 150 ms apart (last at 1.5 s).
        #expect(ttft >= 0.43, "TTFT \(ttft) s must include the wait for the first content delta")
        #expect(completion.latency >= ttft + 0.5, "latency \(completion.latency) s runs to the last event")
        #expect(completion.content == "one two three four five six seven eight")
    }

    @Test("the API key is sent as a bearer token")
    func bearerToken() async throws {
        let harness = try StubBackendHarness()
        defer { harness.server.stop() }
        let backend = harness.backend(apiKey: "sk-test-123")
        _ = try await backend.complete(StubBackendHarness.question)
        await backend.shutdown()
        #expect(harness.responder.receivedRequests[0].header("authorization") == "Bearer sk-test-123")
    }

    @Test("a streaming request answered with plain JSON is read as a normal completion")
    func streamingRequestPlainAnswer() async throws {
        let reply = StubChatReply(model: "gpt-stub", content: "Paris", promptTokens: 5)
        let harness = try StubBackendHarness(default: .respond(OpenAIWire.completionResponse(reply)))
        defer { harness.server.stop() }
        let backend = harness.backend(stream: true)
        let completion = try await backend.complete(StubBackendHarness.question)
        await backend.shutdown()
        #expect(completion.content == "Paris")
    }

    @Test("an error event inside a stream is an error, not an empty answer")
    func errorInsideStream() async throws {
        let event = OpenAIWire.sseEvent(#"{"error":{"message":"model overloaded","type":"server_error","code":null}}"#)
        let harness = try StubBackendHarness(default: .respond(.stream(events: [StubStreamEvent(data: event)])))
        defer { harness.server.stop() }
        let backend = harness.backend(maxRetries: 0)
        await #expect {
            try await backend.complete(StubBackendHarness.question)
        } throws: { error in
            "\(error)".contains("model overloaded")
        }
        await backend.shutdown()
    }
}
