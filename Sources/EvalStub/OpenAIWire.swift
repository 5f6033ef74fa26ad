import Foundation

/// Builders for OpenAI chat-completions answers in the exact wire format: bodies, headers,
/// Server-Sent Events framing and error objects.
public enum OpenAIWire {
    /// The `system_fingerprint` the stub reports.
    public static let systemFingerprint = "fp_c0ffee5700"

    /// The stream terminator, `data: [DONE]\n\n`.
    public static let doneEvent = Data("data: [DONE]\n\n".utf8)

    private static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A fresh completion id shaped like OpenAI's: `chatcmpl-` and 29 letters and digits.
    public static func newCompletionID() -> String {
        var generator = FastRandom()
        var bytes = Array("chatcmpl-".utf8)
        bytes.reserveCapacity(bytes.count + 29)
        // Each 64-bit draw yields ten base-62 digits.
        var draw: UInt64 = 0
        for index in 0..<29 {
            if index % 10 == 0 { draw = generator.next() }
            bytes.append(idAlphabet[Int(draw % 62)])
            draw /= 62
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A fresh `x-request-id` value: `req_` and 32 hex digits.
    public static func newRequestID() -> String {
        var generator = FastRandom()
        let high = String(generator.next(), radix: 16)
        let low = String(generator.next(), radix: 16)
        return "req_" + String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 16 - low.count) + low
    }

    /// Frames one SSE record: `data: PAYLOAD\n\n`.
    public static func sseEvent(_ payload: String) -> Data {
        Data(("data: " + payload + "\n\n").utf8)
    }

    /// Splits text into stream deltas: each word together with the whitespace before it,
    /// so concatenating the deltas gives back the text.
    public static func splitIntoDeltas(_ text: String) -> [String] {
        var deltas: [String] = []
        var current = ""
        var currentHasWord = false
        for character in text {
            if isDeltaSeparator(character) {
                if currentHasWord {
                    deltas.append(current)
                    current = ""
                    currentHasWord = false
                }
            } else {
                currentHasWord = true
            }
            current.append(character)
        }
        if !current.isEmpty { deltas.append(current) }
        return deltas
    }

    /// `splitIntoDeltas(text).count`, without building the pieces: one delta, plus one more at
    /// every whitespace that follows a word.
    public static func deltaCount(_ text: String) -> Int {
        var count = 0
        var sawAny = false
        var previousWasWord = false
        for character in text {
            sawAny = true
            let isSeparator = isDeltaSeparator(character)
            if isSeparator && previousWasWord { count += 1 }
            previousWasWord = !isSeparator
        }
        return sawAny ? count + 1 : 0
    }

    private static func isDeltaSeparator(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii == 32 || (ascii >= 9 && ascii <= 13) }
        return character.isWhitespace
    }

    /// A rough token count for usage figures: about four UTF-8 bytes a token, at least one
    /// for non-empty text.
    public static func approximateTokenCount(_ text: String) -> Int {
        let bytes = text.utf8.count
        return bytes == 0 ? 0 : max(1, (bytes + 3) / 4)
    }

    /// Headers OpenAI sends with every answer.
    public static func standardHeaders(contentType: String) -> [String: String] {
        [
            "Content-Type": contentType,
            "x-request-id": newRequestID(),
            "openai-version": "2020-10-01",
            "openai-processing-ms": "1",
        ]
    }

    /// A non-streaming `chat.completion` answer sent after `delay`.
    public static func completionResponse(_ reply: StubChatReply, delay: Duration = .zero) -> StubResponse {
        .full(status: 200, headers: standardHeaders(contentType: "application/json"),
              body: reply.completionJSON(), delay: delay)
    }

    /// A streamed answer: the head at once, the role chunk after `firstEventDelay`, each content
    /// delta `eventDelay` after the previous one, then the finish chunk, the usage chunk (when
    /// `includeUsage`) and `data: [DONE]`.
    ///
    /// - Parameter cutShortAfterContentDeltas: when set, the stream stops after the role chunk
    ///   and that many content deltas and the connection is closed without the terminating chunk.
    public static func streamResponse(
        _ reply: StubChatReply,
        includeUsage: Bool,
        firstEventDelay: Duration = .zero,
        eventDelay: Duration = .zero,
        cutShortAfterContentDeltas: Int? = nil
    ) -> StubResponse {
        let payloads = reply.sseEvents(includeUsage: includeUsage)
        // Role chunk, deltas, finish chunk, optional usage chunk, [DONE].
        let deltaCount = payloads.count - (includeUsage ? 4 : 3)
        var events: [StubStreamEvent] = []
        events.reserveCapacity(payloads.count)
        for (index, payload) in payloads.enumerated() {
            let delay: Duration
            if index == 0 {
                delay = firstEventDelay
            } else if index <= deltaCount {
                delay = eventDelay
            } else {
                delay = .zero
            }
            events.append(StubStreamEvent(after: delay, data: payload))
        }
        var cutShort = false
        if let keptDeltas = cutShortAfterContentDeltas {
            events = Array(events.prefix(1 + max(0, min(keptDeltas, deltaCount))))
            cutShort = true
        }
        var headers = standardHeaders(contentType: "text/event-stream; charset=utf-8")
        headers["Cache-Control"] = "no-cache"
        return .stream(status: 200, headers: headers, events: events, cutShort: cutShort)
    }

    /// An error answer with the error's status, headers and `{"error":{…}}` body.
    public static func errorResponse(_ error: OpenAIWireError, delay: Duration = .zero) -> StubResponse {
        var headers = standardHeaders(contentType: "application/json")
        headers.merge(error.headers) { _, errorValue in errorValue }
        return .full(status: error.status, headers: headers, body: error.body, delay: delay)
    }

    /// Whether `path` (query ignored) addresses chat completions, e.g. `/v1/chat/completions`.
    public static func isChatCompletionsPath(_ path: String) -> Bool {
        let pathOnly = path.firstIndex(of: "?").map { path[..<$0] } ?? path[...]
        return pathOnly.hasSuffix("/chat/completions")
    }

    /// Answers a chat-completions request as OpenAI would: a 404 for other paths or methods,
    /// a 400 for a malformed body, otherwise the answer chosen by `answer`, streamed or not as
    /// the request's `stream` field says (with the usage chunk when it asked for it).
    ///
    /// - Parameters:
    ///   - delay: before the whole answer, or before the first chunk of a stream.
    ///   - eventDelay: between content deltas of a stream.
    ///   - cutShortAfterContentDeltas: see `streamResponse`; applies to streamed answers only.
    public static func reply(
        to request: StubRequest,
        answer: StubAnswerMode = .echo,
        delay: Duration = .zero,
        eventDelay: Duration = .zero,
        cutShortAfterContentDeltas: Int? = nil
    ) -> StubResponse {
        guard request.method == "POST", isChatCompletionsPath(request.path) else {
            return errorResponse(.invalidURL(method: request.method, path: request.path))
        }
        let chatRequest: StubChatRequest
        do {
            chatRequest = try StubChatRequest(parsing: request.body)
        } catch {
            return errorResponse(error)
        }
        let reply = StubChatReply(
            model: chatRequest.model,
            content: answer.answer(to: chatRequest),
            promptTokens: chatRequest.approximatePromptTokens
        )
        guard chatRequest.stream else {
            return completionResponse(reply, delay: delay)
        }
        return streamResponse(
            reply,
            includeUsage: chatRequest.includeUsage,
            firstEventDelay: delay,
            eventDelay: eventDelay,
            cutShortAfterContentDeltas: cutShortAfterContentDeltas
        )
    }
}
