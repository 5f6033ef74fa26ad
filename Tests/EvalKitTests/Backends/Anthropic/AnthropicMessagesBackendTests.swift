import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Anthropic Messages backend against the stub server")
struct AnthropicMessagesBackendTests {
    @Test("a non-streaming message is parsed: text, model, stop reason, usage; the body is the Messages shape")
    func nonStreaming() async throws {
        let harness = try AnthropicStubHarness(default: .anthropicMessage(.fixed("Paris")))
        defer { harness.server.stop() }
        let backend = harness.backend(stream: false)
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.content == "Paris")
        #expect(completion.model == "claude-stub")
        #expect(completion.finishReason == "end_turn")
        #expect((completion.promptTokens ?? 0) > 0)
        #expect(completion.completionTokens == 1)
        #expect(completion.cacheCreationInputTokens == 0 && completion.cacheReadInputTokens == 0)
        #expect(completion.timeToFirstToken == nil)
        let body = try harness.body(0)
        #expect(body["model"] == .string("claude-stub"))
        #expect(body["max_tokens"] == .number(1024), "max_tokens is required by the API, so it is defaulted")
        #expect(body["system"] == .string("Answer briefly."), "system messages go to the top-level field")
        #expect(body["messages"] == .array([.object(["role": .string("user"), "content": .string("What is the capital of France?")])]))
        #expect(body["temperature"] == .number(0))
        #expect(body["stream"] == nil)
        let request = harness.responder.receivedRequests[0]
        #expect(request.path == "/v1/messages")
        #expect(request.header("x-api-key") == "sk-ant-test")
        #expect(request.header("anthropic-version") == "2023-06-01")
        #expect(request.header("authorization") == nil)
    }

    @Test("streaming assembles the text deltas, reads cumulative usage and the stop reason from message_delta")
    func streaming() async throws {
        let harness = try AnthropicStubHarness(default: .anthropicMessage(.fixed("The capital of France is Paris.")))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.content == "The capital of France is Paris.")
        #expect(completion.finishReason == "end_turn")
        #expect(completion.completionTokens == 6, "output_tokens from message_delta, not message_start's 1")
        #expect((completion.promptTokens ?? 0) > 0)
        #expect(completion.timeToFirstToken != nil)
        #expect(try harness.body(0)["stream"] == .bool(true))
        #expect(harness.responder.receivedRequests[0].header("accept") == "text/event-stream")
    }

    @Test("time to first token is the first text delta on a slow stream, not message_start or the ping")
    func timeToFirstTokenOnSlowStream() async throws {
        let harness = try AnthropicStubHarness(default: .anthropicMessage(
            .fixed("one two three four"), delay: .milliseconds(300), eventDelay: .milliseconds(150)))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        let ttft = try #require(completion.timeToFirstToken)
        // message_start at 300 ms, the first text delta 150 ms later, the other three 150 ms apart.
        #expect(ttft >= 0.43, "TTFT \(ttft) s must include the wait for the first text delta")
        #expect(completion.latency >= ttft + 0.4, "latency \(completion.latency) s runs to the last event")
    }

    @Test("input tokens are input + cache creation + cache read, and the parts are kept", arguments: [true, false])
    func usageParts(stream: Bool) async throws {
        let harness = try AnthropicStubHarness(default: .anthropicUsage(.fixed("ok"), input: 12, cacheCreation: 300, cacheRead: 4000, output: 7))
        defer { harness.server.stop() }
        let backend = harness.backend(stream: stream)
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.promptTokens == 4312)
        #expect(completion.cacheCreationInputTokens == 300)
        #expect(completion.cacheReadInputTokens == 4000)
        #expect(completion.completionTokens == 7)
    }

    @Test("thinking is left out of the answer but its tokens stay in the output tokens", arguments: [true, false])
    func thinkingBlocks(stream: Bool) async throws {
        let thinking = "The user asks about France. Its capital is Paris."
        let harness = try AnthropicStubHarness(default: .anthropicThinking(.fixed("Paris."), thinking: thinking))
        defer { harness.server.stop() }
        let backend = harness.backend(stream: stream)
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.content == "Paris.")
        #expect(completion.completionTokens == 1 + 9, "one text word and nine thinking words")
        if stream {
            let ttft = try #require(completion.timeToFirstToken)
            #expect(ttft <= completion.latency)
        }
    }

    @Test("ping events anywhere in the stream are skipped")
    func interleavedPings() async throws {
        let harness = try AnthropicStubHarness(default: .anthropicMessage(
            .fixed("a b c"), faults: AnthropicStreamFaults(pingBeforeEveryEvent: true)))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.content == "a b c")
        #expect(completion.finishReason == "end_turn")
        #expect(completion.attempts == 1)
    }

    @Test("a refusal stop reason is kept as the finish reason", arguments: [true, false])
    func refusal(stream: Bool) async throws {
        let harness = try AnthropicStubHarness(default: .anthropicMessage(.fixed("I can't help with that."), stopReason: "refusal"))
        defer { harness.server.stop() }
        let backend = harness.backend(stream: stream)
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.finishReason == "refusal")
        #expect(completion.content == "I can't help with that.")
    }

    @Test("params pass through (the request's win), max_tokens is not overridden, seed and the reply format are not sent")
    func parametersPassThrough() async throws {
        let harness = try AnthropicStubHarness()
        defer { harness.server.stop() }
        let backend = harness.backend(parameters: [
            "temperature": .number(0.7), "top_p": .number(0.9), "max_tokens": .number(64),
            "stop_sequences": .array([.string("END")]), "seed": .number(7),
        ])
        let request = ChatRequest(
            messages: AnthropicStubHarness.question.messages, parameters: ["temperature": .number(0), "seed": .number(3)],
            replyFormat: .jsonSchema(name: "verdict", schema: .object(["type": .string("object")])))
        _ = try await backend.complete(request)
        await backend.shutdown()
        let body = try harness.body(0)
        #expect(body["temperature"] == .number(0))
        #expect(body["top_p"] == .number(0.9))
        #expect(body["max_tokens"] == .number(64))
        #expect(body["stop_sequences"] == .array([.string("END")]))
        #expect(body["seed"] == nil, "the API has no seed and refuses unknown fields")
        #expect(body["response_format"] == nil && body["output_format"] == nil)
    }

    @Test("several system messages are joined into the one system field")
    func systemMessagesJoined() {
        let request = ChatRequest(messages: [
            ChatMessage(role: .system, content: "Be brief."), ChatMessage(role: .user, content: "Hi"),
            ChatMessage(role: .system, content: "Answer in French."),
        ])
        let body = AnthropicWireFormat.body(for: request, model: "m", parameters: [:])
        #expect(body["system"] == .string("Be brief.\n\nAnswer in French."))
        #expect(body["messages"]?.arrayValue?.count == 1)
    }

    @Test("the cache identity is the Messages body without stream, the same streamed or not")
    func identity() throws {
        let harnessURL = URL(string: "http://127.0.0.1:9")!
        let streamed = AnthropicMessagesBackend(name: "a", baseURL: harnessURL, model: "claude-stub", stream: true)
        let plain = AnthropicMessagesBackend(name: "b", baseURL: harnessURL, model: "claude-stub", apiKey: "secret", stream: false)
        let identity = streamed.identity(of: AnthropicStubHarness.question)
        #expect(identity.wireType == "anthropic")
        #expect(identity.endpoint == "http://127.0.0.1:9")
        #expect(identity.model == "claude-stub")
        #expect(identity.body["stream"] == nil)
        #expect(identity.body["max_tokens"] == .number(1024))
        #expect(identity.key == plain.identity(of: AnthropicStubHarness.question).key)
        #expect(identity.key != streamed.identity(of: AnthropicStubHarness.question.sample(1)).key)
    }

    @Test("the config reads base_url (defaulting to api.anthropic.com), model and api_key_env")
    func configDefaults() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("evalctl.yaml", """
            backends:
              claude:
                type: anthropic
                model: claude-sonnet-4-5
                api_key_env: ANTHROPIC_API_KEY
              gateway:
                type: anthropic
                base_url: http://127.0.0.1:9
                model: claude-haiku-4-5
            """)
        let config = try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:])
        let claude = try #require(config.backend(named: "claude"))
        #expect(claude.baseURL?.absoluteString == "https://api.anthropic.com")
        #expect(claude.apiKeyEnvironmentVariable == "ANTHROPIC_API_KEY")
        #expect(config.backend(named: "gateway")?.baseURL?.absoluteString == "http://127.0.0.1:9")
        #expect(throws: BackendError.missingAPIKey(variable: "ANTHROPIC_API_KEY")) {
            try BackendRegistry.standard.make(claude, environment: [:])
        }
        #expect(try BackendRegistry.standard.make(claude, environment: ["ANTHROPIC_API_KEY": "k"]).name == "claude")
    }

    @Test("a missing model is reported at the backend's line")
    func missingModel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("evalctl.yaml", "backends:\n  claude:\n    type: anthropic\n")
        do {
            _ = try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:])
            Issue.record("expected invalid input")
        } catch {
            #expect(error.problems.contains { $0.line == 3 && $0.message.contains("missing required field 'model'") }, "\(error.problems)")
        }
    }
}
