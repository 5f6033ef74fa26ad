import Foundation

/// How to answer one request: a function from the request to a `StubResponse`, with
/// ready-made behaviours for the situations an OpenAI client must survive.
public struct StubBehavior: Sendable {
    private let makeResponse: @Sendable (StubRequest) -> StubResponse

    /// A behaviour computed from the request.
    public init(_ makeResponse: @escaping @Sendable (StubRequest) -> StubResponse) {
        self.makeResponse = makeResponse
    }

    /// The response to `request`.
    public func response(to request: StubRequest) -> StubResponse {
        makeResponse(request)
    }

    /// Always the same response.
    public static func respond(_ response: StubResponse) -> StubBehavior {
        StubBehavior { _ in response }
    }

    /// A normal chat completion, streamed or not as the request asks (see `OpenAIWire.reply`); a request to
    /// `/v1/messages` is answered in Anthropic's Messages format instead (see `AnthropicWire.reply`), so one stub
    /// serves both wire formats.
    public static func chatCompletion(
        _ answer: StubAnswerMode = .echo,
        delay: Duration = .zero,
        eventDelay: Duration = .zero
    ) -> StubBehavior {
        StubBehavior { request in
            if AnthropicWire.isMessagesPath(request.path) {
                return AnthropicWire.reply(to: request, answer: answer, delay: delay, eventDelay: eventDelay)
            }
            return OpenAIWire.reply(to: request, answer: answer, delay: delay, eventDelay: eventDelay)
        }
    }

    /// A chat completion with a fixed answer text.
    public static func chatCompletion(answering text: String, delay: Duration = .zero) -> StubBehavior {
        chatCompletion(.fixed(text), delay: delay)
    }

    /// An OpenAI error answer, e.g. `.error(.serverError)`.
    public static func error(_ error: OpenAIWireError, delay: Duration = .zero) -> StubBehavior {
        .respond(OpenAIWire.errorResponse(error, delay: delay))
    }

    /// 429 `rate_limit_exceeded` with `retry-after` / `retry-after-ms`.
    public static func rateLimited(retryAfter: Duration = .seconds(1)) -> StubBehavior {
        .error(.rateLimited(retryAfter: retryAfter))
    }

    /// Closes the connection after `afterDelay` without any response.
    public static func drop(afterDelay: Duration = .zero) -> StubBehavior {
        .respond(.drop(afterDelay: afterDelay))
    }

    /// Never answers, until the client gives up or the server stops.
    public static let hang = StubBehavior.respond(.hang)

    /// A streamed chat completion, whatever the request's `stream` flag, that sends the role
    /// chunk and `afterContentDeltas` content deltas and then closes the connection without
    /// the finish chunk, `data: [DONE]` or the terminating zero-length chunk.
    public static func cutShortStream(
        _ answer: StubAnswerMode = .echo,
        afterContentDeltas: Int = 1,
        eventDelay: Duration = .zero
    ) -> StubBehavior {
        StubBehavior { request in
            guard let chatRequest = try? StubChatRequest(parsing: request.body) else {
                return OpenAIWire.reply(to: request)
            }
            let reply = StubChatReply(
                model: chatRequest.model,
                content: answer.answer(to: chatRequest),
                promptTokens: chatRequest.approximatePromptTokens
            )
            return OpenAIWire.streamResponse(
                reply,
                includeUsage: chatRequest.includeUsage,
                eventDelay: eventDelay,
                cutShortAfterContentDeltas: afterContentDeltas
            )
        }
    }
}
