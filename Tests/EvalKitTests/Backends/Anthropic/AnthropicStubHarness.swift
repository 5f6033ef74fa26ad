import EvalStub
import Foundation
@testable import EvalKit

/// A stub server speaking Anthropic's Messages API with a script of behaviours, and a backend pointed at it.
struct AnthropicStubHarness {
    let responder: ScriptedResponder
    let server: StubHTTPServer

    init(default defaultBehavior: StubBehavior = .anthropicMessage(), script: [StubBehavior] = []) throws {
        responder = ScriptedResponder(default: defaultBehavior, script: script)
        server = try StubHTTPServer(handler: responder.handler)
    }

    func backend(
        stream: Bool = true, maxRetries: Int = 4, timeout: Double = 10, apiKey: String? = "sk-ant-test",
        parameters: [String: JSONValue] = ["temperature": .number(0)]
    ) -> AnthropicMessagesBackend {
        // Retry delays are shortened so tests are quick; retry-after is still honoured as sent.
        AnthropicMessagesBackend(
            name: "claude", baseURL: server.baseURL, model: "claude-stub", apiKey: apiKey, parameters: parameters,
            stream: stream, concurrency: 4, timeoutSeconds: timeout,
            retryPolicy: RetryPolicy(maxRetries: maxRetries, baseDelay: 0.01, maxDelay: 0.05))
    }

    static let question = ChatRequest(messages: [
        ChatMessage(role: .system, content: "Answer briefly."),
        ChatMessage(role: .user, content: "What is the capital of France?"),
    ])

    /// The JSON body of the `index`th request the server received.
    func body(_ index: Int) throws -> JSONValue {
        try JSONValue(parsing: responder.receivedRequests[index].body)
    }

    /// The error `complete` threw, or nil when it answered.
    static func failure(of backend: AnthropicMessagesBackend, _ request: ChatRequest = question) async -> BackendError? {
        do {
            _ = try await backend.complete(request)
            return nil
        } catch {
            return error as? BackendError
        }
    }
}
