import Foundation

/// One assistant message, renderable as a Messages API `message` object or as the Server-Sent Events the API
/// streams (`event: NAME` and `data: JSON` per record).
public struct AnthropicMessageReply: Sendable, Equatable {
    /// `msg_…`.
    public var id: String
    public var model: String
    /// The text block's text.
    public var content: String
    /// A thinking block sent before the text (extended thinking), whose tokens count as output tokens.
    public var thinking: String?
    /// `stop_reason`: `end_turn`, `max_tokens`, `stop_sequence`, `refusal`, …
    public var stopReason: String
    public var inputTokens: Int
    public var cacheCreationInputTokens: Int
    public var cacheReadInputTokens: Int
    /// `output_tokens`: the text's and the thinking's.
    public var outputTokens: Int

    public init(
        model: String, content: String, thinking: String? = nil, stopReason: String = "end_turn", inputTokens: Int = 0,
        cacheCreationInputTokens: Int = 0, cacheReadInputTokens: Int = 0, outputTokens: Int? = nil,
        id: String = AnthropicWire.newMessageID()
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.thinking = thinking
        self.stopReason = stopReason
        self.inputTokens = inputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.outputTokens = outputTokens ?? (OpenAIWire.deltaCount(content) + OpenAIWire.deltaCount(thinking ?? ""))
    }

    /// The signature the stub gives a thinking block (the API's is an opaque encrypted string).
    static let thinkingSignature = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"

    /// The non-streaming `message` body.
    public func messageJSON() -> Data {
        var blocks: [OrderedJSON] = []
        if let thinking {
            blocks.append(.object([("type", .string("thinking")), ("thinking", .string(thinking)), ("signature", .string(Self.thinkingSignature))]))
        }
        blocks.append(.object([("type", .string("text")), ("text", .string(content))]))
        return Data(OrderedJSON.object([
            ("id", .string(id)), ("type", .string("message")), ("role", .string("assistant")), ("model", .string(model)),
            ("content", .array(blocks)), ("stop_reason", .string(stopReason)), ("stop_sequence", .null),
            ("usage", usage(outputTokens: outputTokens)),
        ]).compactBytes)
    }

    private func usage(outputTokens: Int) -> OrderedJSON {
        .object([
            ("input_tokens", .int(inputTokens)), ("cache_creation_input_tokens", .int(cacheCreationInputTokens)),
            ("cache_read_input_tokens", .int(cacheReadInputTokens)), ("output_tokens", .int(outputTokens)),
            ("service_tier", .string("standard")),
        ])
    }

    /// One streamed event: its name and its JSON payload.
    public struct Event: Sendable, Equatable {
        public var name: String
        public var payload: String

        /// The SSE record: `event: NAME\ndata: PAYLOAD\n\n`.
        public var record: Data { Data("event: \(name)\ndata: \(payload)\n\n".utf8) }

        /// Whether this event carries answer text (a `text_delta`).
        public var isTextDelta: Bool { name == "content_block_delta" && payload.contains(#""type":"text_delta""#) }
    }

    /// The `ping` event, as the API sends it.
    public static let ping = Event(name: "ping", payload: #"{"type": "ping"}"#)

    /// The stream in order: `message_start`, the thinking block (start, `thinking_delta`s, `signature_delta`,
    /// stop) when there is one, the text block (start, a `ping`, one `text_delta` per word, stop), `message_delta`
    /// (stop reason, cumulative usage) and `message_stop`.
    public func streamEvents() -> [Event] {
        var events: [Event] = []
        func add(_ name: String, _ members: [(String, OrderedJSON)]) {
            events.append(Event(name: name, payload: OrderedJSON.object([("type", .string(name))] + members).compactText))
        }
        let start: OrderedJSON = .object([
            ("id", .string(id)), ("type", .string("message")), ("role", .string("assistant")), ("model", .string(model)),
            ("content", .array([])), ("stop_reason", .null), ("stop_sequence", .null), ("usage", usage(outputTokens: 1)),
        ])
        add("message_start", [("message", start)])
        var index = 0
        if let thinking {
            add("content_block_start", [("index", .int(index)), ("content_block", .object([
                ("type", .string("thinking")), ("thinking", .string("")), ("signature", .string("")),
            ]))])
            for piece in OpenAIWire.splitIntoDeltas(thinking) {
                add("content_block_delta", [("index", .int(index)), ("delta", .object([("type", .string("thinking_delta")), ("thinking", .string(piece))]))])
            }
            add("content_block_delta", [("index", .int(index)), ("delta", .object([("type", .string("signature_delta")), ("signature", .string(Self.thinkingSignature))]))])
            add("content_block_stop", [("index", .int(index))])
            index += 1
        }
        add("content_block_start", [("index", .int(index)), ("content_block", .object([("type", .string("text")), ("text", .string(""))]))])
        events.append(Self.ping)
        for piece in OpenAIWire.splitIntoDeltas(content) {
            add("content_block_delta", [("index", .int(index)), ("delta", .object([("type", .string("text_delta")), ("text", .string(piece))]))])
        }
        add("content_block_stop", [("index", .int(index))])
        add("message_delta", [
            ("delta", .object([("stop_reason", .string(stopReason)), ("stop_sequence", .null)])),
            ("usage", .object([
                ("input_tokens", .int(inputTokens)), ("cache_creation_input_tokens", .int(cacheCreationInputTokens)),
                ("cache_read_input_tokens", .int(cacheReadInputTokens)), ("output_tokens", .int(outputTokens)),
            ])),
        ])
        add("message_stop", [])
        return events
    }
}
