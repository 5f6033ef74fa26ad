import EvalStub
import Foundation
import Testing
@testable import EvalKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `http://` requests reuse kept-alive connections, recover from a kept connection the server dropped, and get the
/// chunks of a streamed answer that arrived together as one event.
@Suite("Plain HTTP: kept-alive connections, stale ones replaced, chunks delivered together")
struct PlainHTTPKeepAliveTests {
    static let responder = ScriptedResponder(default: .chatCompletion(.fixed("one two three")))

    @Test("sequential requests share one kept-alive connection, streamed or not")
    func sequentialReuse() async throws {
        let server = try StubHTTPServer(handler: Self.responder.handler)
        defer { server.stop() }
        // A pool of its own: the shared one may close the connection to make room for other tests' connections.
        // An hour's idle lifetime: a loaded test run can hold a task off the cores for longer than the default 5 s.
        let transport = HTTPTransport(maxConnections: 1, connections: PlainHTTPConnections(idleLifetime: .seconds(3600)))
        defer { transport.close() }
        for index in 0..<200 {
            let (status, body) = try await HTTPTransportTests.collect(
                transport.events(for: HTTPTransportTests.chatRequest(server, stream: index % 2 == 0), timeout: 10))
            #expect(status == 200)
            #expect(body.contains("one two three") || body.contains("three"))
        }
        #expect(server.requestCount == 200)
        #expect(server.acceptedConnectionCount == 1)
    }

    @Test("concurrent requests open no more connections than are in flight at once")
    func concurrentReuse() async throws {
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.fixed("x"), delay: .milliseconds(5))).handler)
        defer { server.stop() }
        let transport = HTTPTransport(maxConnections: 8, connections: PlainHTTPConnections(idleLifetime: .seconds(3600)))
        defer { transport.close() }
        for _ in 0..<5 {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await HTTPTransportTests.collect(
                            transport.events(for: HTTPTransportTests.chatRequest(server, stream: index % 2 == 0), timeout: 10)).0
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
        }
        #expect(server.requestCount == 40)
        #expect(server.acceptedConnectionCount <= 8, "\(server.acceptedConnectionCount) connections for 5 waves of 8")
    }

    @Test("a kept connection the server closes when it is reused is replaced, and the request still answered once")
    func staleConnectionReplaced() async throws {
        let server = try StubHTTPServer(connections: .closeOnReuse, handler: Self.responder.handler)
        defer { server.stop() }
        let transport = HTTPTransport(maxConnections: 1)
        defer { transport.close() }
        for index in 0..<50 {
            let (status, body) = try await HTTPTransportTests.collect(
                transport.events(for: HTTPTransportTests.chatRequest(server, stream: index % 2 == 0), timeout: 10))
            #expect(status == 200)
            #expect(body.contains("three"))
        }
        #expect(server.requestCount == 50, "each request was answered exactly once")
        #expect(server.acceptedConnectionCount >= 50)
    }

    @Test("the pool keeps at most its capacity, closing the longest idle first")
    func boundedPool() throws {
        let connections = PlainHTTPConnections(capacity: 3)
        var ends: [Int32] = []
        defer { for end in ends { close(end) } }
        var kept: [Int32] = []
        for index in 0..<5 {
            var pair: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            ends.append(pair[1])
            kept.append(pair[0])
            connections.put(pair[0], for: index % 2 == 0 ? "a:1" : "b:2")
        }
        #expect(connections.idleCount == 3)
        // The first two put (a:1 and b:2) were closed; the newest of each address comes back first.
        #expect(connections.take("a:1") == kept[4])
        #expect(connections.take("b:2") == kept[3])
        #expect(connections.take("a:1") == kept[2])
        #expect(connections.take("a:1") == nil)
        #expect(connections.take("b:2") == nil)
        var byte: UInt8 = 0
        #expect(recv(ends[0], &byte, 1, Int32(MSG_DONTWAIT)) == 0, "the evicted connection was closed")
        #expect(recv(ends[1], &byte, 1, Int32(MSG_DONTWAIT)) == 0, "the evicted connection was closed")
        #expect(recv(ends[2], &byte, 1, Int32(MSG_DONTWAIT)) == -1, "a kept one is open")
        for descriptor in kept[2...] { close(descriptor) }
    }

    @Test("a connection idle longer than the pool's idle lifetime is closed, not handed out")
    func idleLifetime() async throws {
        let connections = PlainHTTPConnections(capacity: 8, idleLifetime: .milliseconds(100))
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[1]) }
        connections.put(pair[0], for: "a:1")
        try await Task.sleep(for: .milliseconds(250))
        #expect(connections.take("a:1") == nil)
        #expect(connections.idleCount == 0)
        var byte: UInt8 = 0
        #expect(recv(pair[1], &byte, 1, Int32(MSG_DONTWAIT)) == 0, "the expired connection was closed")
    }

    @Test("a connection the server closed while idle is not reused")
    func idleCloseDetected() async throws {
        let connections = PlainHTTPConnections()
        // A pair of connected sockets whose far end is closed: the pool must see that before handing it out.
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        close(pair[1])
        connections.put(pair[0], for: "example:80")
        #expect(connections.take("example:80") == nil)
        var open: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &open) == 0)
        defer { close(open[1]) }
        connections.put(open[0], for: "example:80")
        #expect(connections.take("example:80") == open[0])
        close(open[0])
    }

    @Test("a connection is kept only after a framed response that lets it stay open")
    func keptOnlyWhenReusable() async throws {
        let closing: [StubResponse] = [
            // `Connection: close` with a Content-Length body,
            .flood(status: 200, headers: [:], prefix: Data("{\"a\":1}".utf8), filler: Data(" ".utf8), totalBytes: 64),
            // a stream cut short (no terminating chunk),
            .stream(events: [StubStreamEvent(text: "data: [DONE]\n\n")], cutShort: true),
        ]
        for response in closing {
            let server = try StubHTTPServer { _ in response }
            defer { server.stop() }
            let transport = HTTPTransport(maxConnections: 1, connections: PlainHTTPConnections())
            defer { transport.close() }
            for _ in 0..<3 {
                _ = try? await HTTPTransportTests.collect(transport.events(for: HTTPTransportTests.chatRequest(server, stream: false), timeout: 10))
                #expect(transport.connections.idleCount == 0)
            }
            #expect(server.acceptedConnectionCount == 3)
        }
        // and an answer without framing, read until the server closes.
        let port = try ManagedServerProcess.freeLoopbackPort()
        let unframed = try RawOneShotServer(port: port, response: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}")
        defer { unframed.stop() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/chat/completions")!)
        request.httpMethod = "POST"
        let transport = HTTPTransport(maxConnections: 1, connections: PlainHTTPConnections())
        defer { transport.close() }
        let (status, body) = try await HTTPTransportTests.collect(transport.events(for: request, timeout: 5))
        #expect(status == 200 && body == "{}")
        #expect(transport.connections.idleCount == 0)
        // A framed keep-alive answer is kept, and given back when the transport closes.
        let server = try StubHTTPServer(handler: Self.responder.handler)
        defer { server.stop() }
        _ = try await HTTPTransportTests.collect(transport.events(for: HTTPTransportTests.chatRequest(server, stream: true), timeout: 10))
        #expect(transport.connections.idleCount == 1)
        transport.close()
        #expect(transport.connections.idleCount == 0)
    }

    @Test("chunks that arrived together are one event; a chunk sent later is an event of its own, stamped later")
    func chunksDeliveredTogether() async throws {
        let events = (0..<20).map { StubStreamEvent(text: "data: {\"n\":\($0)}\n\n") }
            + [StubStreamEvent(after: .milliseconds(300), text: "data: [DONE]\n\n")]
        let server = try StubHTTPServer { _ in .stream(events: events) }
        defer { server.stop() }
        let transport = HTTPTransport(maxConnections: 1)
        defer { transport.close() }
        var bodies: [(String, ContinuousClock.Instant)] = []
        for try await event in transport.events(for: HTTPTransportTests.chatRequest(server, stream: true), timeout: 10) {
            if case .body(let data, let at) = event { bodies.append((String(decoding: data, as: UTF8.self), at)) }
        }
        #expect(bodies.count == 2, "\(bodies.map(\.0))")
        #expect(bodies.first?.0 == (0..<20).map { "data: {\"n\":\($0)}\n\n" }.joined())
        #expect(bodies.last?.0 == "data: [DONE]\n\n")
        if bodies.count == 2 { #expect(bodies[1].1 - bodies[0].1 >= .milliseconds(250)) }
    }

    @Test("a chunk size line that claims more than memory can hold is a malformed answer, not a crash")
    func hostileChunkSize() async throws {
        for size in ["7fffffffffffffff", "ffffffffffffffffff", "-5"] {
            let port = try ManagedServerProcess.freeLoopbackPort()
            let listener = try RawOneShotServer(port: port, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nabc\r\n0\r\n\r\n")
            defer { listener.stop() }
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/chat/completions")!)
            request.httpMethod = "POST"
            let transport = HTTPTransport(maxConnections: 1)
            defer { transport.close() }
            await #expect {
                _ = try await HTTPTransportTests.collect(transport.events(for: request, timeout: 5))
            } throws: { error in
                guard let failure = error as? BackendError else { return false }
                if case .malformedAnswer = failure { return true }
                if case .connection = failure { return true }  // the bytes promised never come
                return false
            }
        }
    }
}

/// Accepts one connection, reads a request head, writes `response` and closes: for answers the stub will not send.
final class RawOneShotServer: @unchecked Sendable {
    private let descriptor: Int32
    private let thread: Thread

    init(port: Int, response: String) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 4) == 0 else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        descriptor = listener
        thread = Thread {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            _ = recv(client, &buffer, buffer.count, 0)
            let bytes = Array(response.utf8)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
        thread.start()
    }

    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}
