import Foundation

/// A message in a chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }

    public let role: Role
    public let content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// A shape the reply must have, said once for every wire format: each backend sends it its own way (OpenAI's
/// `response_format`, which llama.cpp turns into a grammar) or, where a provider has no such field, leaves it out.
public enum ReplyFormat: Sendable, Hashable {
    /// A JSON object valid against `schema` (strict), named `name`.
    case jsonSchema(name: String, schema: JSONValue)
}

/// What the runner asks a backend for: the rendered messages, the sampling parameters, and a reply format if any.
public struct ChatRequest: Sendable, Hashable {
    public let messages: [ChatMessage]
    /// Extra body fields such as `temperature`, `max_tokens` and `seed`, sent as given.
    public let parameters: [String: JSONValue]
    /// The shape the reply must have (a judge's verdict object), for backends that can enforce one.
    public let replyFormat: ReplyFormat?
    /// Which sample of the same request this is (a case's repeat, a judge's k-th ask): never sent, but part of the
    /// response cache's key, so two repeats are two answers rather than one answer read twice.
    public var sample: Int

    public init(messages: [ChatMessage], parameters: [String: JSONValue] = [:], replyFormat: ReplyFormat? = nil, sample: Int = 0) {
        self.messages = messages
        self.parameters = parameters
        self.replyFormat = replyFormat
        self.sample = sample
    }

    /// The same request as sample `index`.
    public func sample(_ index: Int) -> ChatRequest {
        var request = self
        request.sample = index
        return request
    }

    /// The request as stored with each result (no credentials, no transport details).
    public var storedJSON: String {
        JSONValue.object([
            "messages": .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }),
            "params": .object(parameters),
        ]).canonicalJSON
    }
}

/// A model's answer and what it cost.
public struct ChatCompletion: Sendable, Hashable {
    public var content: String
    /// The model id the server reported, when it reported one.
    public var model: String?
    public var finishReason: String?
    public var systemFingerprint: String?
    /// Every input token, cached or not (Anthropic's `input_tokens` + `cache_creation_input_tokens` +
    /// `cache_read_input_tokens`).
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// The part of `promptTokens` written to the provider's prompt cache (Anthropic), when reported.
    public var cacheCreationInputTokens: Int?
    /// The part of `promptTokens` read from the provider's prompt cache (Anthropic), when reported.
    public var cacheReadInputTokens: Int?
    /// Seconds from sending the request that succeeded to its last byte.
    public var latency: Double
    /// Seconds from sending the request to the first non-empty content delta (streaming only).
    public var timeToFirstToken: Double?
    /// How many requests it took, retries included (0 for an answer read from the response cache).
    public var attempts: Int
    /// When the answer was first recorded, if it was read from the response cache rather than asked for now.
    public var cachedAt: Date?

    public init(
        content: String, model: String? = nil, finishReason: String? = nil, systemFingerprint: String? = nil,
        promptTokens: Int? = nil, completionTokens: Int? = nil, latency: Double = 0, timeToFirstToken: Double? = nil,
        attempts: Int = 1, cachedAt: Date? = nil, cacheCreationInputTokens: Int? = nil, cacheReadInputTokens: Int? = nil
    ) {
        self.content = content
        self.model = model
        self.finishReason = finishReason
        self.systemFingerprint = systemFingerprint
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.attempts = attempts
        self.cachedAt = cachedAt
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
    }
}
