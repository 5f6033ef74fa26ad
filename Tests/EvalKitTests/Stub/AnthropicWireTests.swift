import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("The stub's Anthropic Messages wire format")
struct AnthropicWireTests {
    static func request(_ body: String, path: String = "/v1/messages", version: String? = "2023-06-01") -> StubRequest {
        var headers = ["content-type": "application/json"]
        if let version { headers["anthropic-version"] = version }
        return StubRequest(method: "POST", path: path, headers: headers, body: Data(body.utf8))
    }

    static let valid = #"{"model":"claude-stub","max_tokens":16,"system":"Be brief.","messages":[{"role":"user","content":"Hi there"}]}"#

    /// The status and parsed body of a complete response.
    static func full(_ response: StubResponse) throws -> (status: Int, headers: [String: String], body: JSONValue) {
        guard case .full(let status, let headers, let body, _) = response else { throw StubTestClientError.malformedResponse("not a full response") }
        return (status, headers, try JSONValue(parsing: body))
    }

    /// The `event:` names and `data:` payloads of a streamed response.
    static func events(_ response: StubResponse) throws -> (names: [String], payloads: [JSONValue], cutShort: Bool) {
        guard case .stream(_, _, let events, let cutShort) = response else { throw StubTestClientError.malformedResponse("not a stream") }
        var names: [String] = []
        var payloads: [JSONValue] = []
        for event in events {
            let lines = String(decoding: event.data, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 2 && lines[0].hasPrefix("event: ") && lines[1].hasPrefix("data: "), "\(lines)")
            names.append(String(lines[0].dropFirst("event: ".count)))
            payloads.append(try JSONValue(parsing: Data(lines[1].dropFirst("data: ".count).utf8)))
        }
        return (names, payloads, cutShort)
    }

    @Test("a message body has the API's fields, text content and usage with its cache parts")
    func messageBody() throws {
        let (status, headers, body) = try Self.full(AnthropicWire.reply(to: Self.request(Self.valid)))
        #expect(status == 200)
        #expect(headers["request-id"]?.hasPrefix("req_") == true)
        #expect(body["type"] == .string("message") && body["role"] == .string("assistant"))
        #expect(body["id"]?.stringValue?.hasPrefix("msg_01") == true)
        #expect(body["content"] == .array([.object(["type": .string("text"), "text": .string("Hi there")])]))
        #expect(body["stop_reason"] == .string("end_turn") && body["stop_sequence"] == .null)
        #expect(body["usage"]?["cache_read_input_tokens"] == .number(0))
        #expect(body["usage"]?["output_tokens"] == .number(2))
    }

    @Test("a stream is message_start, content_block_start, ping, text deltas, content_block_stop, message_delta, message_stop")
    func streamOrder() throws {
        let body = Self.valid.dropLast() + #","stream":true}"#
        let (names, payloads, cutShort) = try Self.events(AnthropicWire.reply(to: Self.request(String(body))))
        #expect(names == ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
                          "content_block_stop", "message_delta", "message_stop"])
        #expect(!cutShort)
        for (name, payload) in zip(names, payloads) { #expect(payload["type"] == .string(name), "the data's type names its event") }
        #expect(payloads[0]["message"]?["stop_reason"] == .null)
        #expect(payloads[3]["delta"] == .object(["type": .string("text_delta"), "text": .string("Hi")]))
        #expect(payloads[6]["delta"]?["stop_reason"] == .string("end_turn"))
        #expect(payloads[6]["usage"]?["output_tokens"] == .number(2))
    }

    @Test("thinking enabled in the request streams a thinking block with thinking and signature deltas first")
    func thinkingStream() throws {
        let body = Self.valid.dropLast() + #","stream":true,"thinking":{"type":"enabled","budget_tokens":1024}}"#
        let (names, payloads, _) = try Self.events(AnthropicWire.reply(to: Self.request(String(body))))
        #expect(payloads[1]["content_block"]?["type"] == .string("thinking"))
        let deltaTypes = payloads.compactMap { $0["delta"]?["type"]?.stringValue }
        #expect(deltaTypes.contains("thinking_delta") && deltaTypes.contains("signature_delta"))
        #expect(names.filter { $0 == "content_block_start" }.count == 2)
    }

    @Test("faults: pings before every event, an error event mid-stream, a stream cut short")
    func faults() throws {
        let reply = AnthropicMessageReply(model: "m", content: "one two three")
        let pinged = try Self.events(AnthropicWire.streamResponse(reply, faults: AnthropicStreamFaults(pingBeforeEveryEvent: true)))
        for (index, name) in pinged.names.enumerated() where name != "ping" {
            #expect(index > 0 && pinged.names[index - 1] == "ping", "a ping before \(name)")
        }
        let failed = try Self.events(AnthropicWire.streamResponse(reply, faults: AnthropicStreamFaults(errorAfterTextDeltas: 1)))
        #expect(failed.names.suffix(2) == ["content_block_delta", "error"])
        #expect(failed.payloads.last == .object(["type": .string("error"), "error": .object([
            "type": .string("overloaded_error"), "message": .string("Overloaded")])]))
        let cut = try Self.events(AnthropicWire.streamResponse(reply, faults: AnthropicStreamFaults(cutShortAfterTextDeltas: 2)))
        #expect(cut.cutShort)
        #expect(!cut.names.contains("message_delta") && cut.names.filter { $0 == "content_block_delta" }.count == 2)
    }

    @Test("requests the API refuses get its 400 invalid_request_error", arguments: [
        (#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#, "max_tokens: Field required"),
        (#"{"model":"m","max_tokens":5,"seed":7,"messages":[{"role":"user","content":"x"}]}"#, "seed: Extra inputs are not permitted"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]}"#, "messages.0.role: Input should be 'user' or 'assistant'"),
        (#"{"model":"m","max_tokens":5,"response_format":{},"messages":[{"role":"user","content":"x"}]}"#, "response_format: Extra inputs are not permitted"),
        (#"{"max_tokens":5,"messages":[{"role":"user","content":"x"}]}"#, "model: Field required"),
    ])
    func refusedRequests(body: String, message: String) throws {
        let (status, _, error) = try Self.full(AnthropicWire.reply(to: Self.request(body)))
        #expect(status == 400)
        #expect(error["type"] == .string("error"))
        #expect(error["error"] == .object(["type": .string("invalid_request_error"), "message": .string(message)]))
        #expect(error["request_id"]?.stringValue?.hasPrefix("req_") == true)
    }

    @Test("a request without anthropic-version is refused; another path is a 404 not_found_error")
    func headerAndPath() throws {
        let (status, _, error) = try Self.full(AnthropicWire.reply(to: Self.request(Self.valid, version: nil)))
        #expect(status == 400 && error["error"]?["message"] == .string("anthropic-version: header is required"))
        let (missing, _, notFound) = try Self.full(AnthropicWire.reply(to: Self.request(Self.valid, path: "/v1/complete")))
        #expect(missing == 404 && notFound["error"]?["type"] == .string("not_found_error"))
    }

    @Test("error presets carry the API's statuses and types; 429 has retry-after")
    func errorPresets() throws {
        let presets: [(AnthropicWireError, Int, String)] = [
            (.invalidRequest("x"), 400, "invalid_request_error"), (.authentication, 401, "authentication_error"),
            (.permission, 403, "permission_error"), (.notFound(), 404, "not_found_error"), (.requestTooLarge, 413, "request_too_large"),
            (.rateLimited(), 429, "rate_limit_error"), (.apiError, 500, "api_error"), (.overloaded, 529, "overloaded_error"),
        ]
        for (error, status, type) in presets {
            let (sent, headers, body) = try Self.full(AnthropicWire.errorResponse(error))
            #expect(sent == status && body["error"]?["type"] == .string(type))
            #expect(headers["request-id"] == body["request_id"]?.stringValue)
        }
        #expect(AnthropicWireError.rateLimited(retryAfter: .milliseconds(1500)).headers["retry-after"] == "2")
    }

    @Test("the default stub behaviour answers /v1/messages in Anthropic's format and chat completions in OpenAI's")
    func routing() throws {
        let behavior = StubBehavior.chatCompletion(.fixed("ok"))
        let (_, _, message) = try Self.full(behavior.response(to: Self.request(Self.valid)))
        #expect(message["type"] == .string("message"))
        let chat = StubRequest(method: "POST", path: "/v1/chat/completions", body: Data(#"{"model":"g","messages":[{"role":"user","content":"x"}]}"#.utf8))
        let (_, _, completion) = try Self.full(behavior.response(to: chat))
        #expect(completion["object"] == .string("chat.completion"))
    }
}
