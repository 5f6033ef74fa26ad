import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import EvalStub

@Suite("OpenAI wire format")
struct OpenAIWireTests {
    static func chatURLRequest(_ server: StubHTTPServer, body: String) -> URLRequest {
        var request = URLRequest(url: server.baseURL.appendingPathComponent("v1/chat/completions"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer sk-test", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 10
        return request
    }

    static func parseJSON(_ text: String) throws -> [String: Any] {
        try #require((try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])
    }

    @Test("a non-streaming reply parses with exactly the fields of chat.completion")
    func nonStreamingReplyHasExactFields() async throws {
        let server = try StubHTTPServer { OpenAIWire.reply(to: $0) }
        defer { server.stop() }
        let (data, urlResponse) = try await URLSession.shared.data(
            for: Self.chatURLRequest(server, body: StubTestRequests.chatBody("The answer is 42.", model: "gpt-test-1"))
        )
        let http = try #require(urlResponse as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(http.value(forHTTPHeaderField: "Content-Type") == "application/json")
        #expect(http.value(forHTTPHeaderField: "x-request-id")?.hasPrefix("req_") == true)

        let object = try #require((try JSONSerialization.jsonObject(with: data)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "object", "created", "model", "choices", "usage", "service_tier", "system_fingerprint"])
        let id = try #require(object["id"] as? String)
        #expect(id.hasPrefix("chatcmpl-") && id.count == "chatcmpl-".count + 29)
        #expect(object["object"] as? String == "chat.completion")
        #expect((object["created"] as? Int ?? 0) > 1_700_000_000)
        #expect(object["model"] as? String == "gpt-test-1")
        #expect(object["system_fingerprint"] as? String == OpenAIWire.systemFingerprint)

        let choices = try #require(object["choices"] as? [[String: Any]])
        try #require(choices.count == 1)
        #expect(Set(choices[0].keys) == ["index", "message", "logprobs", "finish_reason"])
        #expect(choices[0]["index"] as? Int == 0)
        #expect(choices[0]["logprobs"] is NSNull)
        #expect(choices[0]["finish_reason"] as? String == "stop")
        let message = try #require(choices[0]["message"] as? [String: Any])
        #expect(message["role"] as? String == "assistant")
        #expect(message["content"] as? String == "The answer is 42.")

        let usage = try #require(object["usage"] as? [String: Any])
        let prompt = try #require(usage["prompt_tokens"] as? Int)
        let completion = try #require(usage["completion_tokens"] as? Int)
        #expect(prompt > 0)
        #expect(completion == 4)
        #expect(usage["total_tokens"] as? Int == prompt + completion)
    }

    @Test("a streaming reply is role chunk, content deltas, finish chunk, usage chunk, then [DONE]")
    func streamingReplyHasOpenAIChunkSequence() throws {
        let server = try StubHTTPServer { OpenAIWire.reply(to: $0) }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.post(StubTestRequests.chatBody("Hello brave new world", stream: true, includeUsage: true)))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/event-stream; charset=utf-8")
        #expect(response.receivedTerminatingChunk)
        // Each SSE record is framed as `data: {json}\n\n`, one per HTTP chunk.
        #expect(response.chunks.allSatisfy { chunk in
            let text = String(decoding: chunk.data, as: UTF8.self)
            return text.hasPrefix("data: ") && text.hasSuffix("\n\n") && !text.dropLast(2).contains("\n")
        })

        let payloads = response.ssePayloads
        #expect(payloads.last == "[DONE]")
        let chunks = try payloads.dropLast().map(Self.parseJSON)
        try #require(chunks.count == 1 + 4 + 1 + 1)
        let id = try #require(chunks[0]["id"] as? String)
        for chunk in chunks {
            #expect(chunk["id"] as? String == id)
            #expect(chunk["object"] as? String == "chat.completion.chunk")
            #expect(chunk["model"] as? String == "gpt-4o-mini")
            #expect(chunk["created"] as? Int == chunks[0]["created"] as? Int)
            #expect(chunk["system_fingerprint"] as? String == OpenAIWire.systemFingerprint)
        }
        func choice(_ index: Int) throws -> [String: Any] {
            let choices = try #require(chunks[index]["choices"] as? [[String: Any]])
            try #require(choices.count == 1)
            return choices[0]
        }
        let first = try choice(0)
        #expect(first["delta"] as? [String: String] == ["role": "assistant", "content": ""])
        #expect(first["finish_reason"] is NSNull)
        #expect(first["logprobs"] is NSNull)
        let deltas = try (1...4).map { try #require((try choice($0))["delta"] as? [String: String]) }
        #expect(deltas == [["content": "Hello"], ["content": " brave"], ["content": " new"], ["content": " world"]])
        let finish = try choice(5)
        #expect((finish["delta"] as? [String: Any])?.isEmpty == true)
        #expect(finish["finish_reason"] as? String == "stop")
        // With include_usage every chunk carries "usage": null except the last, whose choices are empty.
        for index in 0...5 { #expect(chunks[index]["usage"] is NSNull) }
        #expect((chunks[6]["choices"] as? [Any])?.isEmpty == true)
        let usage = try #require(chunks[6]["usage"] as? [String: Any])
        #expect(usage["completion_tokens"] as? Int == 4)
        #expect(usage["total_tokens"] as? Int == (usage["prompt_tokens"] as? Int ?? 0) + 4)
    }

    @Test("without stream_options.include_usage there is no usage chunk and no usage key")
    func streamingWithoutUsage() throws {
        let server = try StubHTTPServer { OpenAIWire.reply(to: $0) }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.post(StubTestRequests.chatBody("Hi", stream: true)))
        let payloads = try client.readResponse().ssePayloads
        #expect(payloads.count == 4)  // role, "Hi", finish, [DONE]
        #expect(payloads.last == "[DONE]")
        for payload in payloads.dropLast() {
            #expect(try Self.parseJSON(payload)["usage"] == nil)
        }
    }

    @Test("429 carries retry-after and retry-after-ms headers and a rate_limit_exceeded body")
    func rateLimitCarriesRetryAfter() async throws {
        let server = try StubHTTPServer { _ in OpenAIWire.errorResponse(.rateLimited(retryAfter: .milliseconds(1500))) }
        defer { server.stop() }
        let (data, urlResponse) = try await URLSession.shared.data(for: Self.chatURLRequest(server, body: StubTestRequests.chatBody()))
        let http = try #require(urlResponse as? HTTPURLResponse)
        #expect(http.statusCode == 429)
        #expect(http.value(forHTTPHeaderField: "retry-after") == "2")
        #expect(http.value(forHTTPHeaderField: "retry-after-ms") == "1500")
        let error = try #require(((try JSONSerialization.jsonObject(with: data)) as? [String: Any])?["error"] as? [String: Any])
        #expect(error["code"] as? String == "rate_limit_exceeded")
        #expect(error["type"] as? String == "requests")
    }

    @Test(
        "error presets render the OpenAI error object with their status",
        arguments: [
            (OpenAIWireError.invalidAPIKey, 401, "invalid_request_error", "invalid_api_key"),
            (OpenAIWireError.rateLimited(), 429, "requests", "rate_limit_exceeded"),
            (OpenAIWireError.insufficientQuota, 429, "insufficient_quota", "insufficient_quota"),
            (OpenAIWireError.serverError, 500, "server_error", "server_error"),
            (OpenAIWireError.overloaded, 503, "server_error", "overloaded"),
        ]
    )
    func errorPresets(error: OpenAIWireError, status: Int, type: String, code: String) throws {
        let server = try StubHTTPServer { _ in OpenAIWire.errorResponse(error) }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.post(StubTestRequests.chatBody()))
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.headers["content-type"] == "application/json")
        let object = try #require(response.json)
        #expect(Set(object.keys) == ["error"])
        let body = try #require(object["error"] as? [String: Any])
        #expect(Set(body.keys) == ["message", "type", "param", "code"])
        #expect((body["message"] as? String)?.isEmpty == false)
        #expect(body["type"] as? String == type)
        #expect(body["param"] is NSNull)
        #expect(body["code"] as? String == code)
    }

    @Test("other paths get OpenAI's 404 and malformed bodies its 400")
    func invalidURLAndBody() throws {
        let server = try StubHTTPServer { OpenAIWire.reply(to: $0) }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.get("/v1/models"))
        let notFound = try client.readResponse()
        #expect(notFound.status == 404)
        #expect((notFound.json?["error"] as? [String: Any])?["message"] as? String == "Invalid URL (GET /v1/models)")
        try client.writeAll(StubTestRequests.post("{not json"))
        let badRequest = try client.readResponse()
        #expect(badRequest.status == 400)
        #expect((badRequest.json?["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")
        try client.writeAll(StubTestRequests.post(#"{"model":"m","messages":[]}"#))
        let emptyMessages = try client.readResponse()
        #expect(emptyMessages.status == 400)
        #expect((emptyMessages.json?["error"] as? [String: Any])?["code"] as? String == "empty_array")
    }

    @Test("URLSession's data delegate receives stream events as they are sent")
    func urlSessionDelegateSeesStreamIncrementally() async throws {
        let reply = StubChatReply(model: "gpt-4o-mini", content: "one two")
        let server = try StubHTTPServer { _ in
            OpenAIWire.streamResponse(reply, includeUsage: false, eventDelay: .milliseconds(400))
        }
        defer { server.stop() }
        let outcome = await StubTestStreamCollector.run(Self.chatURLRequest(server, body: StubTestRequests.chatBody(stream: true)))
        #expect(outcome.error == nil)
        #expect(outcome.response?.statusCode == 200)
        #expect(String(decoding: outcome.body, as: UTF8.self)
            == reply.sseEvents(includeUsage: false).map { String(decoding: $0, as: UTF8.self) }.joined())
        try #require(outcome.pieces.count >= 2)
        // The two deltas are sent 400 ms apart and 400 ms after the role chunk: had the body been
        // buffered, every piece would arrive at once. (Generous margin for a loaded delegate queue.)
        let span = outcome.pieces.last!.arrivedAt - outcome.pieces.first!.arrivedAt
        #expect(span >= .milliseconds(400), "pieces spread over only \(span)")
    }

    @Test("URLSession reports an error for a stream that is cut short")
    func urlSessionSeesCutShortStreamAsError() async throws {
        let server = try StubHTTPServer { request in StubBehavior.cutShortStream(afterContentDeltas: 1).response(to: request) }
        defer { server.stop() }
        let outcome = await StubTestStreamCollector.run(
            Self.chatURLRequest(server, body: StubTestRequests.chatBody("never finished", stream: true))
        )
        #expect(outcome.error != nil)
        #expect(!String(decoding: outcome.body, as: UTF8.self).contains("[DONE]"))
    }

    @Test("content deltas concatenate back to the text")
    func deltasRoundTrip() {
        for text in ["", " ", "one", "  leading and trailing  ", "multi\nline\ttext", "ünïcödé 👋 ok", "a\u{2003}b"] {
            #expect(OpenAIWire.splitIntoDeltas(text).joined() == text)
            #expect(OpenAIWire.deltaCount(text) == OpenAIWire.splitIntoDeltas(text).count, "\(text)")
        }
        #expect(OpenAIWire.splitIntoDeltas("a b  c") == ["a", " b", "  c"])
    }

    @Test("JSON strings are escaped exactly")
    func jsonEscaping() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{07} emoji 😀"
        let text = OrderedJSON.object([("s", .string(tricky))]).compactText
        #expect(text == #"{"s":"quote \" backslash \\ newline \n tab \t bell \u0007 emoji 😀"}"#)
        #expect(try Self.parseJSON(text)["s"] as? String == tricky)
    }

    @Test("answer modes: echo, expected-tag and fixed")
    func answerModes() {
        let request = StubChatRequest(model: "m", messages: [
            .init(role: "system", text: "Grade this. <expected>Paris</expected>"),
            .init(role: "user", text: "What is the capital of France?"),
        ])
        #expect(StubAnswerMode.echo.answer(to: request) == "What is the capital of France?")
        #expect(StubAnswerMode.expectedTag.answer(to: request) == "Paris")
        #expect(StubAnswerMode.fixed("42").answer(to: request) == "42")
        let untagged = StubChatRequest(model: "m", messages: [.init(role: "user", text: "plain")])
        #expect(StubAnswerMode.expectedTag.answer(to: untagged) == "plain")
        #expect(StubAnswerMode(argument: "echo") == .echo)
        #expect(StubAnswerMode(argument: "expected-tag") == .expectedTag)
        #expect(StubAnswerMode(argument: "fixed:a:b") == .fixed("a:b"))
        #expect(StubAnswerMode(argument: "bogus") == nil)
    }

    @Test("content given as an array of parts is flattened to text")
    func contentPartsAreFlattened() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}"#
        let request = try StubChatRequest(parsing: Data(body.utf8))
        #expect(request.lastUserText == "a\nb")
        #expect(!request.stream)
    }
}
