import Foundation

/// Assembles a chat completion from OpenAI `chat.completion.chunk` events, noting when the first content arrived.
struct StreamedCompletionReader {
    private var parser = ServerSentEventParser()
    private var content = ""
    private var completion = ChatCompletion(content: "")
    private var sawDone = false
    private var sawFinishReason = false
    private var events = 0
    var retryAfter: Double?

    /// Feeds body bytes received `elapsed` seconds after the request was sent.
    mutating func feed(_ data: Data, at elapsed: Double) throws {
        for payload in parser.feed(data) {
            try handle(payload, at: elapsed)
        }
    }

    mutating func finish(latency: Double) throws -> ChatCompletion {
        if let payload = parser.finish() { try handle(payload, at: latency) }
        // llama.cpp and OpenAI both end with [DONE]; a finish_reason without it still means the answer is complete.
        guard sawDone || sawFinishReason else { throw BackendError.incompleteStream(received: events) }
        completion.content = content
        completion.latency = latency
        return completion
    }

    private mutating func handle(_ payload: String, at elapsed: Double) throws {
        events += 1
        if payload == "[DONE]" {
            sawDone = true
            return
        }
        guard let chunk = try? JSONParser.parse(payload.utf8), case .object = chunk else {
            throw BackendError.malformedAnswer("an event is not a chat.completion.chunk: \(payload.prefix(200))")
        }
        if let error = chunk["error"], case .object = error {
            throw BackendError.http(status: 500, message: "error inside the stream: \(OpenAIWireFormat.errorDescription(error))", retryAfter: nil)
        }
        if let model = chunk["model"]?.stringValue { completion.model = model }
        if let fingerprint = chunk["system_fingerprint"]?.stringValue { completion.systemFingerprint = fingerprint }
        if let usage = chunk["usage"], case .object = usage {
            completion.promptTokens = usage["prompt_tokens"]?.intValue
            completion.completionTokens = usage["completion_tokens"]?.intValue
        }
        for choice in chunk["choices"]?.arrayValue ?? [] {
            if let piece = choice["delta"]?["content"]?.stringValue, !piece.isEmpty {
                if completion.timeToFirstToken == nil { completion.timeToFirstToken = elapsed }
                content += piece
            }
            if let reason = choice["finish_reason"]?.stringValue {
                completion.finishReason = reason
                sawFinishReason = true
            }
        }
    }
}
