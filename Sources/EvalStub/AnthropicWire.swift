import Foundation

/// What can go wrong in, or be added to, a streamed Messages answer: the faults a client must survive.
public struct AnthropicStreamFaults: Sendable {
    /// A `ping` before every event, not only the usual one after the text block starts.
    public var pingBeforeEveryEvent: Bool
    /// Stop after this many text deltas and close the connection without `message_delta` or `message_stop`.
    public var cutShortAfterTextDeltas: Int?
    /// After this many text deltas, an `error` event with `midStreamError`, and the stream ends there.
    public var errorAfterTextDeltas: Int?
    public var midStreamError: AnthropicWireError

    public init(
        pingBeforeEveryEvent: Bool = false, cutShortAfterTextDeltas: Int? = nil, errorAfterTextDeltas: Int? = nil,
        midStreamError: AnthropicWireError = .overloaded
    ) {
        self.pingBeforeEveryEvent = pingBeforeEveryEvent
        self.cutShortAfterTextDeltas = cutShortAfterTextDeltas
        self.errorAfterTextDeltas = errorAfterTextDeltas
        self.midStreamError = midStreamError
    }
}

/// Builders for Anthropic Messages API answers in the exact wire format: bodies, headers, named Server-Sent
/// Events and error objects (recorded from Anthropic's API reference and its Python SDK).
public enum AnthropicWire {
    private static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    private static func randomID(prefix: String, length: Int) -> String {
        var generator = FastRandom()
        var bytes = Array(prefix.utf8)
        var draw: UInt64 = 0
        for index in 0..<length {
            if index % 10 == 0 { draw = generator.next() }
            bytes.append(idAlphabet[Int(draw % 62)])
            draw /= 62
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A fresh message id shaped like the API's: `msg_01` and 22 letters and digits.
    public static func newMessageID() -> String { randomID(prefix: "msg_01", length: 22) }

    /// A fresh `request-id` value: `req_011C` and 20 letters and digits.
    public static func newRequestID() -> String { randomID(prefix: "req_011C", length: 20) }

    /// Headers the API sends with every answer.
    public static func standardHeaders(contentType: String, requestID: String = newRequestID()) -> [String: String] {
        ["Content-Type": contentType, "request-id": requestID, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000"]
    }

    /// A non-streaming `message` answer sent after `delay`.
    public static func messageResponse(_ reply: AnthropicMessageReply, delay: Duration = .zero) -> StubResponse {
        .full(status: 200, headers: standardHeaders(contentType: "application/json"), body: reply.messageJSON(), delay: delay)
    }

    /// A streamed answer: the head at once, `message_start` after `firstEventDelay`, each text delta `eventDelay`
    /// after the event before it, with `faults` applied.
    public static func streamResponse(
        _ reply: AnthropicMessageReply, firstEventDelay: Duration = .zero, eventDelay: Duration = .zero,
        faults: AnthropicStreamFaults = AnthropicStreamFaults()
    ) -> StubResponse {
        var events: [StubStreamEvent] = []
        var textDeltas = 0
        var cutShort = false
        for event in reply.streamEvents() {
            if faults.pingBeforeEveryEvent, event != AnthropicMessageReply.ping {
                events.append(StubStreamEvent(data: AnthropicMessageReply.ping.record))
            }
            let delay = events.isEmpty ? firstEventDelay : (event.isTextDelta ? eventDelay : .zero)
            if event.isTextDelta {
                if let limit = faults.cutShortAfterTextDeltas, textDeltas >= limit {
                    cutShort = true
                    break
                }
                if let limit = faults.errorAfterTextDeltas, textDeltas >= limit {
                    let error = AnthropicMessageReply.Event(name: "error", payload: faults.midStreamError.eventPayload)
                    events.append(StubStreamEvent(after: delay, data: error.record))
                    break
                }
                textDeltas += 1
            }
            events.append(StubStreamEvent(after: delay, data: event.record))
        }
        var headers = standardHeaders(contentType: "text/event-stream; charset=utf-8")
        headers["Cache-Control"] = "no-cache"
        return .stream(status: 200, headers: headers, events: events, cutShort: cutShort)
    }

    /// An error answer with the error's status, headers and body.
    public static func errorResponse(_ error: AnthropicWireError, delay: Duration = .zero) -> StubResponse {
        let requestID = newRequestID()
        var headers = standardHeaders(contentType: "application/json", requestID: requestID)
        headers.merge(error.headers) { _, errorValue in errorValue }
        return .full(status: error.status, headers: headers, body: error.body(requestID: requestID), delay: delay)
    }

    /// Whether `path` (query ignored) addresses the Messages API, e.g. `/v1/messages`.
    public static func isMessagesPath(_ path: String) -> Bool {
        let pathOnly = path.firstIndex(of: "?").map { path[..<$0] } ?? path[...]
        return pathOnly.hasSuffix("/v1/messages")
    }

    /// Answers a Messages request as the API would: a 404 for other paths or methods, a 400 for a request the API
    /// refuses, otherwise the answer chosen by `answer`, streamed or not as the request's `stream` field says.
    /// A request with thinking enabled gets a thinking block before its text.
    public static func reply(
        to request: StubRequest, answer: StubAnswerMode = .echo, stopReason: String = "end_turn", delay: Duration = .zero,
        eventDelay: Duration = .zero, faults: AnthropicStreamFaults = AnthropicStreamFaults()
    ) -> StubResponse {
        guard request.method == "POST", isMessagesPath(request.path) else {
            return errorResponse(.notFound("Not found: \(request.method) \(request.path)"))
        }
        let parsed: AnthropicMessagesRequest
        do {
            parsed = try AnthropicMessagesRequest(request)
        } catch {
            return errorResponse(error)
        }
        let reply = AnthropicMessageReply(
            model: parsed.model, content: answer.answer(to: parsed.chatRequest),
            thinking: parsed.thinkingEnabled ? "Let me think about this request step by step." : nil,
            stopReason: stopReason, inputTokens: parsed.approximateInputTokens)
        guard parsed.stream else { return messageResponse(reply, delay: delay) }
        return streamResponse(reply, firstEventDelay: delay, eventDelay: eventDelay, faults: faults)
    }
}
