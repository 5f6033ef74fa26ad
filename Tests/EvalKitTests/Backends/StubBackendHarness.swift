import EvalStub
import Foundation
@testable import EvalKit

/// A stub OpenAI server with a script of behaviours, and a client pointed at it.
struct StubBackendHarness {
    let responder: ScriptedResponder
    let server: StubHTTPServer

    init(default defaultBehavior: StubBehavior = .chatCompletion(), script: [StubBehavior] = []) throws {
        responder = ScriptedResponder(default: defaultBehavior, script: script)
        server = try StubHTTPServer(handler: responder.handler)
    }

    func backend(
        stream: Bool = true, maxRetries: Int = 4, timeout: Double = 10, apiKey: String? = nil,
        parameters: [String: JSONValue] = ["temperature": .number(0)]
    ) -> OpenAIChatBackend {
        // Retry delays are shortened so tests are quick; Retry-After is still honoured as sent.
        OpenAIChatBackend(
            name: "stub", baseURL: server.baseURL.appendingPathComponent("v1"), model: "gpt-stub", apiKey: apiKey,
            parameters: parameters, stream: stream, concurrency: 4, timeoutSeconds: timeout,
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
}
