import Foundation

/// The parts of a Messages API request the stub acts on, checked as strictly as the API checks them: a request the
/// real API would refuse (no `max_tokens`, a `system` role inside `messages`, an unknown field such as `seed`) is
/// refused here with the same 400, so a client that drifts from the wire fails against the stub too.
public struct AnthropicMessagesRequest: Sendable, Equatable {
    /// The request's `model`.
    public var model: String
    /// The top-level `system` prompt, flattened to text.
    public var system: String?
    /// The request's `messages`, in order (roles `user` and `assistant`).
    public var messages: [StubChatRequest.Message]
    /// `max_tokens`.
    public var maxTokens: Int
    /// The request's `stream` flag.
    public var stream: Bool
    /// Whether the request enabled extended thinking (`thinking: {type: enabled}`).
    public var thinkingEnabled: Bool

    /// Top-level fields the Messages API accepts; any other is refused ("Extra inputs are not permitted").
    static let knownFields: Set<String> = [
        "model", "messages", "max_tokens", "system", "stream", "temperature", "top_p", "top_k", "stop_sequences",
        "metadata", "tools", "tool_choice", "thinking", "service_tier", "container", "mcp_servers", "context_management",
        "output_format", "output_config", "inference_geo",
    ]

    /// Parses a request, failing with the 400 the API would send.
    public init(_ request: StubRequest) throws(AnthropicWireError) {
        guard request.header("anthropic-version") != nil else { throw .invalidRequest("anthropic-version: header is required") }
        guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] else {
            throw .invalidRequest("There was an issue with your request body: the body is not a valid JSON object.")
        }
        if let extra = object.keys.sorted().first(where: { !Self.knownFields.contains($0) }) {
            throw .invalidRequest("\(extra): Extra inputs are not permitted")
        }
        guard let model = object["model"] as? String, !model.isEmpty else { throw .invalidRequest("model: Field required") }
        guard let maxTokens = object["max_tokens"] as? Int else { throw .invalidRequest("max_tokens: Field required") }
        guard maxTokens >= 1 else { throw .invalidRequest("max_tokens: Input should be greater than or equal to 1") }
        guard let rawMessages = object["messages"] as? [Any] else { throw .invalidRequest("messages: Field required") }
        guard !rawMessages.isEmpty else { throw .invalidRequest("messages: at least one message is required") }
        var messages: [StubChatRequest.Message] = []
        for (index, rawMessage) in rawMessages.enumerated() {
            guard let message = rawMessage as? [String: Any], let role = message["role"] as? String, role == "user" || role == "assistant" else {
                throw .invalidRequest("messages.\(index).role: Input should be 'user' or 'assistant'")
            }
            guard let text = Self.text(of: message["content"]) else { throw .invalidRequest("messages.\(index).content: Field required") }
            messages.append(StubChatRequest.Message(role: role, text: text))
        }
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        system = Self.text(of: object["system"])
        stream = (object["stream"] as? Bool) ?? false
        thinkingEnabled = ((object["thinking"] as? [String: Any])?["type"] as? String) == "enabled"
    }

    /// The request as the chat request the answer modes read (the system prompt first, as a `system` message).
    public var chatRequest: StubChatRequest {
        let systemMessage = system.map { [StubChatRequest.Message(role: "system", text: $0)] } ?? []
        return StubChatRequest(model: model, messages: systemMessage + messages, stream: stream)
    }

    /// Rough input tokens: about four bytes a token plus a few per message.
    public var approximateInputTokens: Int {
        chatRequest.approximatePromptTokens
    }

    /// A string as is; an array of content blocks joined from their `text` fields.
    private static func text(of content: Any?) -> String? {
        if let text = content as? String { return text }
        if let blocks = content as? [Any] {
            return blocks.compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
        }
        return nil
    }
}
