#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import EvalStub

@Suite("StubHTTPServer")
struct StubHTTPServerTests {
    /// Answers with the request's sequence and connection numbers and its body.
    static func describingHandler(_ request: StubRequest) -> StubResponse {
        .text("seq=\(request.sequenceNumber) conn=\(request.connectionNumber) \(request.method) \(request.path) body=\(request.bodyText)")
    }

    @Test("binds an ephemeral port and reports it in baseURL")
    func reportsPortAndBaseURL() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        #expect(server.port > 0)
        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")
    }

    @Test("rejects hosts that are not IPv4 literals")
    func rejectsInvalidHost() {
        #expect(throws: StubServerError.self) {
            _ = try StubHTTPServer(host: "not a host") { _ in .hang }
        }
    }

    @Test("a keep-alive connection serves several requests, pipelined ones too, in order")
    func keepAliveServesSeveralRequests() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        for index in 0..<3 {
            try client.writeAll(StubTestRequests.post("r\(index)", path: "/one"))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "keep-alive")
            #expect(response.bodyText == "seq=\(index) conn=0 POST /one body=r\(index)")
        }
        // Two requests in one write: both answered, in order, on the same connection.
        try client.writeAll(StubTestRequests.get("/a") + StubTestRequests.post("b", path: "/b"))
        #expect(try client.readResponse().bodyText == "seq=3 conn=0 GET /a body=")
        #expect(try client.readResponse().bodyText == "seq=4 conn=0 POST /b body=b")
        #expect(server.requestCount == 5)
        #expect(server.acceptedConnectionCount == 1)
    }

    @Test("Connection: close in the request closes the connection after the response")
    func connectionCloseIsHonoured() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.get("/bye", extraHeaders: ["Connection: close"]))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["connection"] == "close")
        #expect(try client.readUntilClosed().isEmpty)
    }

    @Test("chunked request bodies are decoded, extensions and trailers included")
    func chunkedRequestBodyIsDecoded() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(
            "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1;ext=1\r\n \r\nB\r\nchunked-wor\r\n2\r\nld\r\n0\r\nX-Trailer: yes\r\n\r\n"
        )
        #expect(try client.readResponse().bodyText == "seq=0 conn=0 POST /chunked body=hello chunked-world")
        // The connection is still usable afterwards.
        try client.writeAll(StubTestRequests.get("/after"))
        #expect(try client.readResponse().bodyText == "seq=1 conn=0 GET /after body=")
    }

    @Test("requests trickling in a few bytes at a time are parsed the same")
    func trickledRequestsAreParsed() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        let requests = StubTestRequests.post("abc", path: "/first")
            + "POST /second HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
        let bytes = Array(requests.utf8)
        var offset = 0
        var step = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            try client.writeAll(Array(bytes[offset..<end]))
            usleep(300)
            offset = end
            step = step % 7 + 1
        }
        #expect(try client.readResponse().bodyText == "seq=0 conn=0 POST /first body=abc")
        #expect(try client.readResponse().bodyText == "seq=1 conn=0 POST /second body=xyz")
    }

    @Test("a 4 MiB body is read whole, and an oversized head gets 431")
    func largeBodiesAndHeads() throws {
        let server = try StubHTTPServer { request in .text("\(request.body.count) \(request.body.last ?? 0)") }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        let body = String(repeating: "0123456789abcdef", count: 256 * 1024) + "!"
        try client.writeAll(StubTestRequests.post(body))
        #expect(try client.readResponse().bodyText == "\(body.utf8.count) 33")
        try client.writeAll("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "x", count: 70_000) + "\r\n\r\n")
        #expect(try client.readResponse().status == 431)
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinueIsAnswered() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port, receiveTimeout: .seconds(2))
        try client.writeAll("POST /big HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        var interim = [UInt8]()
        while interim.count < 25 {
            var byte: UInt8 = 0
            guard recv(client.descriptor, &byte, 1, 0) == 1 else { break }
            interim.append(byte)
        }
        #expect(String(decoding: interim, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        try client.writeAll("data")
        #expect(try client.readResponse().bodyText == "seq=0 conn=0 POST /big body=data")
    }

    @Test("a malformed request line gets 400 and the connection is closed")
    func malformedRequestGets400() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll("GARBAGE\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(response.headers["connection"] == "close")
        #expect(try client.readUntilClosed().isEmpty)
        #expect(server.requestCount == 0)
    }

    @Test("bytes that cannot begin a request line (a TLS ClientHello) get 400 at once, with no head to wait for")
    func tlsClientHelloGets400() throws {
        let server = try StubHTTPServer(handler: Self.describingHandler)
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        // A ClientHello's record header and the start of its body: no CRLF anywhere.
        try client.writeAll([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03])
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(try client.readUntilClosed().isEmpty)
        #expect(server.requestCount == 0)
    }

    @Test("a full response waits for its delay")
    func fullResponseHonoursDelay() throws {
        let server = try StubHTTPServer { _ in .full(body: Data("{}".utf8), delay: .milliseconds(200)) }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        let start = ContinuousClock.now
        try client.writeAll(StubTestRequests.get("/slow"))
        let response = try client.readResponse()
        #expect(ContinuousClock.now - start >= .milliseconds(190))
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.bodyText == "{}")
    }

    @Test("stream events are written as separate chunks, each after its delay")
    func streamEventsAreSeparatedInTime() throws {
        let server = try StubHTTPServer { _ in
            .stream(events: [
                StubStreamEvent(text: "data: first\n\n"),
                StubStreamEvent(after: .milliseconds(300), text: "data: second\n\n"),
            ])
        }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.get("/stream"))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["transfer-encoding"] == "chunked")
        #expect(response.headers["content-type"] == "text/event-stream; charset=utf-8")
        #expect(response.receivedTerminatingChunk)
        try #require(response.chunks.count == 2)
        #expect(response.chunks.map { String(decoding: $0.data, as: UTF8.self) } == ["data: first\n\n", "data: second\n\n"])
        let gap = response.chunks[1].arrivedAt - response.chunks[0].arrivedAt
        #expect(gap >= .milliseconds(250), "second chunk arrived only \(gap) after the first")
    }

    @Test("a cut-short stream closes the connection without the terminating zero-length chunk")
    func cutShortStreamLacksTerminator() throws {
        let server = try StubHTTPServer { _ in
            .stream(events: [StubStreamEvent(text: "data: partial\n\n")], cutShort: true)
        }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.get("/stream"))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "data: partial\n\n")
        #expect(!response.receivedTerminatingChunk)
        #expect(response.closedBeforeEnd)
        #expect(response.headers["connection"] == "close")
    }

    @Test("drop closes the connection without sending a single byte")
    func dropClosesWithoutResponse() throws {
        let server = try StubHTTPServer { _ in .drop(afterDelay: .milliseconds(50)) }
        defer { server.stop() }
        let client = try StubTestSocketClient(port: server.port)
        try client.writeAll(StubTestRequests.get("/drop"))
        #expect(try client.readUntilClosed().isEmpty)
        #expect(server.requestCount == 1)
    }

    @Test("hang holds the request until the client gives up, then frees the connection")
    func hangEndsWhenClientLeaves() async throws {
        let server = try StubHTTPServer { _ in .hang }
        defer { server.stop() }
        do {
            let client = try StubTestSocketClient(port: server.port, receiveTimeout: .milliseconds(300))
            try client.writeAll(StubTestRequests.get("/hang"))
            #expect(throws: StubTestClientError.self) { _ = try client.readResponse() }
        }  // the client closes its socket here
        let deadline = ContinuousClock.now + .seconds(3)
        while server.openConnectionCount > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.openConnectionCount == 0)
    }

    @Test("stop() ends hanging, delayed and idle connections, joins its threads and closes the listener")
    func stopIsClean() throws {
        let server = try StubHTTPServer { request in
            request.path == "/hang" ? .hang : .full(body: Data("late".utf8), delay: .seconds(30))
        }
        let port = server.port
        let hanging = try StubTestSocketClient(port: port)
        try hanging.writeAll(StubTestRequests.get("/hang"))
        let delayed = try StubTestSocketClient(port: port)
        try delayed.writeAll(StubTestRequests.get("/slow"))
        let idle = try StubTestSocketClient(port: port)
        let deadline = ContinuousClock.now + .seconds(10)
        while (server.requestCount < 2 || server.openConnectionCount < 3) && ContinuousClock.now < deadline {
            usleep(5_000)
        }
        #expect(server.openConnectionCount == 3)

        let start = ContinuousClock.now
        server.stop()
        // Far below the 30 s delay the slow request would otherwise hold the server for.
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(server.openConnectionCount == 0)
        #expect(try hanging.readUntilClosed().isEmpty)
        #expect(try delayed.readUntilClosed().isEmpty)
        #expect(try idle.readUntilClosed().isEmpty)
        #expect(throws: StubTestClientError.self) { _ = try StubTestSocketClient(port: port) }
        server.stop()  // idempotent
    }

    @Test("64 concurrent keep-alive connections are served in parallel")
    func sixtyFourConcurrentConnections() async throws {
        // When the server calls the handler for each request: a serial server cannot start the next request before the
        // previous one's 100 ms delay is over, so at most 2 starts fall in any 100 ms; a parallel one starts dozens.
        let starts = LockedState<[ContinuousClock.Instant]>([])
        let server = try StubHTTPServer { request in
            starts.withLock { $0.append(.now) }
            return .full(body: Data("conn=\(request.connectionNumber)".utf8), delay: .milliseconds(100))
        }
        defer { server.stop() }
        let port = server.port
        let failures = LockedState(0)
        let start = ContinuousClock.now
        await StubTestThreads.run(count: 64) { _ in
            do {
                let client = try StubTestSocketClient(port: port)
                var connection: String?
                for _ in 0..<3 {
                    try client.writeAll(StubTestRequests.get("/"))
                    let body = try client.readResponse().bodyText
                    if connection == nil { connection = body }
                    if body != connection { failures.withLock { $0 += 1 } }
                }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        let elapsed = ContinuousClock.now - start
        #expect(failures.withLock { $0 } == 0)
        #expect(server.requestCount == 192)
        #expect(server.acceptedConnectionCount == 64)
        // Measured by the server's own overlap, not by wall time, which a loaded CI machine stretches at will.
        let sorted = starts.withLock { $0 }.sorted()
        var busiest = 0, first = 0
        for last in sorted.indices {
            while sorted[last] - sorted[first] >= .milliseconds(100) { first += 1 }
            busiest = max(busiest, last - first + 1)
        }
        #expect(busiest >= 8, "at most \(busiest) requests started within 100 ms (took \(elapsed) in all): served one at a time?")
    }
}
