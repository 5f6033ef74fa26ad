import Foundation

/// One assistant reply, renderable as a `chat.completion` object or as the
/// `chat.completion.chunk` Server-Sent Events OpenAI streams.
public struct StubChatReply: Sendable, Equatable {
    /// `chatcmpl-…`; shared by every chunk of a stream.
    public var id: String
    /// Unix time in seconds; shared by every chunk of a stream.
    public var created: Int
    /// The model name reported back, normally the request's `model`.
    public var model: String
    /// The assistant message text.
    public var content: String
    /// `finish_reason`, `stop` unless set otherwise (e.g. `length`).
    public var finishReason: String
    /// `usage.prompt_tokens`.
    public var promptTokens: Int
    /// `usage.completion_tokens`.
    public var completionTokens: Int
    /// `system_fingerprint`.
    public var systemFingerprint: String

    /// `usage.total_tokens`: prompt plus completion tokens.
    public var totalTokens: Int { promptTokens + completionTokens }

    /// - Parameter completionTokens: defaults to the number of streamed content deltas.
    public init(
        model: String,
        content: String,
        promptTokens: Int = 0,
        completionTokens: Int? = nil,
        finishReason: String = "stop",
        id: String = OpenAIWire.newCompletionID(),
        created: Int = Int(Date().timeIntervalSince1970),
        systemFingerprint: String = OpenAIWire.systemFingerprint
    ) {
        self.id = id
        self.created = created
        self.model = model
        self.content = content
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens ?? OpenAIWire.deltaCount(content)
        self.systemFingerprint = systemFingerprint
    }

    /// The pieces `content` is streamed in: one word each, with the whitespace before it.
    public var contentDeltas: [String] {
        OpenAIWire.splitIntoDeltas(content)
    }

    /// The non-streaming `chat.completion` body, indented with two spaces as OpenAI sends it.
    public func completionJSON() -> Data {
        let text = """
            {
              "id": \(OrderedJSON.quoted(id)),
              "object": "chat.completion",
              "created": \(created),
              "model": \(OrderedJSON.quoted(model)),
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": \(OrderedJSON.quoted(content)),
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": \(OrderedJSON.quoted(finishReason))
                }
              ],
              "usage": {
                "prompt_tokens": \(promptTokens),
                "completion_tokens": \(completionTokens),
                "total_tokens": \(totalTokens),
                "prompt_tokens_details": {
                  "cached_tokens": 0,
                  "audio_tokens": 0
                },
                "completion_tokens_details": {
                  "reasoning_tokens": 0,
                  "audio_tokens": 0,
                  "accepted_prediction_tokens": 0,
                  "rejected_prediction_tokens": 0
                }
              },
              "service_tier": "default",
              "system_fingerprint": \(OrderedJSON.quoted(systemFingerprint))
            }

            """
        return Data(text.utf8)
    }

    /// The JSON payloads of the stream, in order: the role chunk (`{"role":"assistant","content":""}`),
    /// one chunk per content delta, the chunk with an empty delta and `finish_reason`, and, when
    /// `includeUsage`, the chunk with `choices: []` and the usage (every other chunk then carries
    /// `"usage":null`). `data: [DONE]` is not included.
    public func chunkPayloads(includeUsage: Bool) -> [String] {
        var payloads: [String] = []
        forEachChunkPayload(includeUsage: includeUsage) { payloads.append(String(decoding: $0, as: UTF8.self)) }
        return payloads
    }

    /// The complete SSE stream: each payload as `data: {json}\n\n`, then `data: [DONE]\n\n`.
    public func sseEvents(includeUsage: Bool) -> [Data] {
        var events: [Data] = []
        var record: [UInt8] = []
        forEachChunkPayload(includeUsage: includeUsage) { payload in
            record.removeAll(keepingCapacity: true)
            record.append(contentsOf: "data: ".utf8)
            record.append(contentsOf: payload)
            record.append(contentsOf: [10, 10])
            events.append(Data(record))
        }
        events.append(OpenAIWire.doneEvent)
        return events
    }

    /// Calls `body` with each chunk payload's bytes. Chunks share their leading members, which
    /// are rendered once.
    private func forEachChunkPayload(includeUsage: Bool, _ body: ([UInt8]) -> Void) {
        var prefix: [UInt8] = []
        OrderedJSON.object([
            ("id", .string(id)),
            ("object", .string("chat.completion.chunk")),
            ("created", .int(created)),
            ("model", .string(model)),
            ("service_tier", .string("default")),
            ("system_fingerprint", .string(systemFingerprint)),
        ]).appendCompact(to: &prefix)
        prefix.removeLast()  // the closing brace; choices (and usage) follow
        prefix.append(contentsOf: #","choices":"#.utf8)
        let suffix = Array((includeUsage ? #","usage":null}"# : "}").utf8)

        var payload: [UInt8] = []
        func emit(delta: [UInt8], finishReason: String?) {
            payload.removeAll(keepingCapacity: true)
            payload.append(contentsOf: prefix)
            payload.append(contentsOf: #"[{"index":0,"delta":"#.utf8)
            payload.append(contentsOf: delta)
            payload.append(contentsOf: #","logprobs":null,"finish_reason":"#.utf8)
            if let finishReason {
                OrderedJSON.appendQuoted(finishReason, to: &payload)
            } else {
                payload.append(contentsOf: "null".utf8)
            }
            payload.append(contentsOf: "}]".utf8)
            payload.append(contentsOf: suffix)
            body(payload)
        }

        emit(delta: Array(#"{"role":"assistant","content":""}"#.utf8), finishReason: nil)
        var delta: [UInt8] = []
        for piece in contentDeltas {
            delta.removeAll(keepingCapacity: true)
            delta.append(contentsOf: #"{"content":"#.utf8)
            OrderedJSON.appendQuoted(piece, to: &delta)
            delta.append(UInt8(ascii: "}"))
            emit(delta: delta, finishReason: nil)
        }
        emit(delta: Array("{}".utf8), finishReason: finishReason)
        if includeUsage {
            payload.removeAll(keepingCapacity: true)
            payload.append(contentsOf: prefix)
            payload.append(contentsOf: #"[],"usage":"#.utf8)
            usageJSON.appendCompact(to: &payload)
            payload.append(UInt8(ascii: "}"))
            body(payload)
        }
    }

    private var usageJSON: OrderedJSON {
        .object([
            ("prompt_tokens", .int(promptTokens)),
            ("completion_tokens", .int(completionTokens)),
            ("total_tokens", .int(totalTokens)),
            ("prompt_tokens_details", .object([("cached_tokens", .int(0)), ("audio_tokens", .int(0))])),
            ("completion_tokens_details", .object([
                ("reasoning_tokens", .int(0)),
                ("audio_tokens", .int(0)),
                ("accepted_prediction_tokens", .int(0)),
                ("rejected_prediction_tokens", .int(0)),
            ])),
        ])
    }
}
