import Foundation

/// Behaviours speaking Anthropic's Messages API (`POST /v1/messages`).
extension StubBehavior {
    /// A normal Messages answer, streamed or not as the request asks (see `AnthropicWire.reply`), with a chosen
    /// stop reason (`refusal`, `max_tokens`, …) and stream faults (interleaved pings, a mid-stream `error` event,
    /// a cut-short stream).
    public static func anthropicMessage(
        _ answer: StubAnswerMode = .echo, stopReason: String = "end_turn", delay: Duration = .zero,
        eventDelay: Duration = .zero, faults: AnthropicStreamFaults = AnthropicStreamFaults()
    ) -> StubBehavior {
        StubBehavior {
            AnthropicWire.reply(to: $0, answer: answer, stopReason: stopReason, delay: delay, eventDelay: eventDelay, faults: faults)
        }
    }

    /// A Messages answer with thinking block, whatever the request's `thinking` field: reasoning then text.
    public static func anthropicThinking(_ answer: StubAnswerMode = .echo, thinking: String) -> StubBehavior {
        StubBehavior { request in
            guard let parsed = try? AnthropicMessagesRequest(request) else { return AnthropicWire.reply(to: request) }
            let reply = AnthropicMessageReply(model: parsed.model, content: answer.answer(to: parsed.chatRequest), thinking: thinking,
                                              inputTokens: parsed.approximateInputTokens)
            return parsed.stream ? AnthropicWire.streamResponse(reply) : AnthropicWire.messageResponse(reply)
        }
    }

    /// A Messages answer with exact usage figures (prompt caching), streamed or not as the request asks.
    public static func anthropicUsage(_ answer: StubAnswerMode = .echo, input: Int, cacheCreation: Int, cacheRead: Int, output: Int) -> StubBehavior {
        StubBehavior { request in
            guard let parsed = try? AnthropicMessagesRequest(request) else { return AnthropicWire.reply(to: request) }
            let reply = AnthropicMessageReply(
                model: parsed.model, content: answer.answer(to: parsed.chatRequest), inputTokens: input,
                cacheCreationInputTokens: cacheCreation, cacheReadInputTokens: cacheRead, outputTokens: output)
            return parsed.stream ? AnthropicWire.streamResponse(reply) : AnthropicWire.messageResponse(reply)
        }
    }

    /// An Anthropic error answer, e.g. `.anthropicError(.overloaded)`.
    public static func anthropicError(_ error: AnthropicWireError, delay: Duration = .zero) -> StubBehavior {
        .respond(AnthropicWire.errorResponse(error, delay: delay))
    }
}
