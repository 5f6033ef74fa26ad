import Foundation
import Testing
@testable import EvalStub

@Suite("ScriptedResponder")
struct ScriptedResponderTests {
    @Test("queued behaviours answer requests in order, then the default answers the rest")
    func scriptThenDefault() throws {
        let responder = ScriptedResponder(default: .chatCompletion())
        responder.enqueue(
            .rateLimited(retryAfter: .seconds(1)),
            .drop(),
            .cutShortStream(afterContentDeltas: 1)
        )
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let body = StubTestRequests.post(StubTestRequests.chatBody("all is well", stream: true))

        // 1: 429 with retry-after, on a connection that stays open.
        let first = try StubTestSocketClient(port: server.port)
        try first.writeAll(body)
        let limited = try first.readResponse()
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "1")
        #expect(limited.headers["retry-after-ms"] == "1000")

        // 2: the same connection is dropped without a response.
        try first.writeAll(body)
        #expect(try first.readUntilClosed().isEmpty)

        // 3: a new connection gets a stream that stops after one delta, with no terminator.
        let second = try StubTestSocketClient(port: server.port)
        try second.writeAll(body)
        let cut = try second.readResponse()
        #expect(cut.status == 200)
        #expect(!cut.receivedTerminatingChunk)
        #expect(cut.ssePayloads.count == 2)
        #expect(!cut.bodyText.contains("[DONE]"))

        // 4 and after: normal answers.
        let third = try StubTestSocketClient(port: server.port)
        for _ in 0..<2 {
            try third.writeAll(body)
            let normal = try third.readResponse()
            #expect(normal.status == 200)
            #expect(normal.receivedTerminatingChunk)
            #expect(normal.ssePayloads.last == "[DONE]")
        }

        #expect(responder.remainingScriptCount == 0)
        let received = responder.receivedRequests
        #expect(received.map(\.sequenceNumber) == [0, 1, 2, 3, 4])
        #expect(received.map(\.connectionNumber) == [0, 0, 1, 2, 2])
        #expect(received.allSatisfy { $0.path == "/v1/chat/completions" && $0.json?["stream"] as? Bool == true })
        #expect(received[0].header("Content-Type") == "application/json")
    }

    @Test("requests are recorded with their bodies and arrival times")
    func recordsRequests() throws {
        let responder = ScriptedResponder(default: .respond(.text("ok")))
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.post(#"{"model":"a"}"#))
        _ = try client.readResponse()
        try client.writeAll(StubTestRequests.post(#"{"model":"b"}"#))
        _ = try client.readResponse()
        let models = responder.receivedRequests.compactMap { $0.json?["model"] as? String }
        #expect(models == ["a", "b"])
        let times = responder.receivedRequests.map(\.receivedAt)
        #expect(times[0] <= times[1])
    }

    @Test("setDefault and custom behaviours see the request")
    func customBehaviour() throws {
        let responder = ScriptedResponder()
        responder.setDefault(StubBehavior { request in
            request.header("authorization") == "Bearer good" ? .text("welcome") : OpenAIWire.errorResponse(.invalidAPIKey)
        })
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.post("{}", extraHeaders: ["Authorization: Bearer bad"]))
        #expect(try client.readResponse().status == 401)
        try client.writeAll(StubTestRequests.post("{}", extraHeaders: ["Authorization: Bearer good"]))
        #expect(try client.readResponse().bodyText == "welcome")
    }
}
