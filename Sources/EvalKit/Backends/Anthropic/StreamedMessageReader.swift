import Foundation

/// Assembles a message from Anthropic's streamed events (`message_start`, `content_block_*`, `message_delta`,
/// `message_stop`, `ping`, `error`), noting when the first text arrived.
struct StreamedMessageReader {
    private var parser = ServerSentEventParser()
    private var content = ""
    private var completion = ChatCompletion(content: "")
    private var usage: AnthropicWireFormat.Usage?
    /// The type of each content block by index: only `text` blocks are the answer.
    private var blockTypes: [Int: String] = [:]
    private var sawStop = false
    private var events = 0

    /// Feeds body bytes received `elapsed` seconds after the request was sent.
    mutating func feed(_ data: Data, at elapsed: Double) throws {
        for payload in parser.feed(data) {
            try handle(payload, at: elapsed)
        }
    }

    mutating func finish(latency: Double) throws -> ChatCompletion {
        if let payload = parser.finish() { try handle(payload, at: latency) }
        // `message_stop` ends a stream; a stop reason (sent in `message_delta`, just before it) means the answer is whole.
        guard sawStop || completion.finishReason != nil else { throw BackendError.incompleteStream(received: events) }
        completion.content = content
        completion.latency = latency
        usage?.apply(to: &completion)
        return completion
    }

    private mutating func handle(_ payload: String, at elapsed: Double) throws {
        events += 1
        guard let event = try? JSONParser.parse(payload.utf8), let type = event["type"]?.stringValue else {
            throw BackendError.malformedAnswer("an event is not a Messages stream event: \(payload.prefix(200))")
        }
        switch type {
        case "message_start":
            completion.model = event["message"]?["model"]?.stringValue
            if let start = event["message"]?["usage"] { usage = AnthropicWireFormat.Usage(start) }
        case "content_block_start":
            guard let index = event["index"]?.intValue, let block = event["content_block"] else { return }
            blockTypes[index] = block["type"]?.stringValue
            if block["type"]?.stringValue == "text", let text = block["text"]?.stringValue { append(text, at: elapsed) }
        case "content_block_delta":
            // thinking_delta, signature_delta and input_json_delta are not the answer; their tokens are in usage.
            guard event["delta"]?["type"]?.stringValue == "text_delta", let text = event["delta"]?["text"]?.stringValue else { return }
            if let index = event["index"]?.intValue, let blockType = blockTypes[index], blockType != "text" { return }
            append(text, at: elapsed)
        case "message_delta":
            if let reason = event["delta"]?["stop_reason"]?.stringValue { completion.finishReason = reason }
            if let later = event["usage"] {
                if usage == nil { usage = AnthropicWireFormat.Usage(later) } else { usage?.update(with: AnthropicWireFormat.Usage(later)) }
            }
        case "message_stop":
            sawStop = true
        case "error":
            let error = event["error"] ?? .null
            throw BackendError.http(status: AnthropicWireFormat.status(ofErrorType: error["type"]?.stringValue),
                                    message: "error inside the stream: \(AnthropicWireFormat.errorDescription(error))", retryAfter: nil)
        default:
            // `ping` and content_block_stop carry nothing evalctl needs; event types added later are skipped, as the API asks.
            return
        }
    }

    private mutating func append(_ text: String, at elapsed: Double) {
        guard !text.isEmpty else { return }
        if completion.timeToFirstToken == nil { completion.timeToFirstToken = elapsed }
        content += text
    }
}
