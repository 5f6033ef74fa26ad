import EvalStub
import Foundation
import Testing
@testable import EvalKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("HTTP transport")
struct HTTPTransportTests {
    static func chatRequest(_ server: StubHTTPServer, stream: Bool) -> URLRequest {
        var request = URLRequest(url: server.baseURL.appendingPathComponent("v1/chat/completions"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: JSONValue = .object([
            "model": .string("m"), "stream": .bool(stream),
            "messages": .array([.object(["role": .string("user"), "content": .string("one two three")])]),
        ])
        request.httpBody = Data(body.canonicalJSON.utf8)
        return request
    }

    /// Collects a response: status and the concatenated body.
    static func collect(_ events: HTTPEventStream) async throws -> (Int, String) {
        var status = 0
        var body = Data()
        for try await event in events {
            switch event {
            case .head(let code, _, _): status = code
            case .body(let data, _): body.append(data)
            }
        }
        return (status, String(decoding: body, as: UTF8.self))
    }

    @Test("hundreds of sequential requests to a server that closes every connection all complete")
    func connectionCloseEveryRequest() async throws {
        // llama.cpp's server closes every connection; URLSession on Linux stalled on this pattern (reused socket fds
        // lose their Dispatch events, swift-corelibs-libdispatch #833). No request may hit the deadline.
        let server = try StubHTTPServer(connections: .closeEach, handler: ScriptedResponder(default: .chatCompletion(.fixed("ok"))).handler)
        defer { server.stop() }
        let transport = HTTPTransport(maxConnections: 1)
        defer { transport.close() }
        for index in 0..<300 {
            let (status, body) = try await Self.collect(transport.events(for: Self.chatRequest(server, stream: index % 2 == 0), timeout: 10))
            #expect(status == 200)
            #expect(body.contains("ok"))
        }
        #expect(server.acceptedConnectionCount == 300, "one connection per request, closed after it")
    }

    @Test("the URLSession path (used for https) streams and reassembles a chat completion")
    func urlSessionPath() async throws {
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.fixed("one two three"))).handler)
        defer { server.stop() }
        let transport = HTTPTransport(maxConnections: 2, plainHTTP: false)
        defer { transport.close() }
        let (status, body) = try await Self.collect(transport.events(for: Self.chatRequest(server, stream: true), timeout: 10))
        #expect(status == 200)
        var parser = ServerSentEventParser()
        let events = parser.feed(Data(body.utf8))
        #expect(events.last == "[DONE]")
        #expect(events.count >= 5)
        let (plainStatus, plainBody) = try await Self.collect(transport.events(for: Self.chatRequest(server, stream: false), timeout: 10))
        #expect(plainStatus == 200)
        #expect(try JSONValue(parsing: Data(plainBody.utf8))["choices"]?.arrayValue?.first?["message"]?["content"] == .string("one two three"))
    }

    @Test("the deadline ends a request to a server that never answers, on both paths")
    func deadlineOnBothPaths() async throws {
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .hang).handler)
        defer { server.stop() }
        for plain in [true, false] {
            let transport = HTTPTransport(maxConnections: 1, plainHTTP: plain)
            await #expect {
                _ = try await Self.collect(transport.events(for: Self.chatRequest(server, stream: false), timeout: 1))
            } throws: { error in
                guard case BackendError.timeout = error else { return false }
                return true
            }
            transport.close()
        }
    }

    @Test("a refused connection is a retryable connection error")
    func connectionRefused() async throws {
        let port = try ManagedServerProcess.freeLoopbackPort()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/chat/completions")!)
        request.httpMethod = "POST"
        let transport = HTTPTransport(maxConnections: 1)
        defer { transport.close() }
        await #expect {
            _ = try await Self.collect(transport.events(for: request, timeout: 5))
        } throws: { error in
            guard let backendError = error as? BackendError, case .connection = backendError else { return false }
            return backendError.isRetryable
        }
    }

    @Test("TLS handshakes that cannot succeed mean unreachable; a reset during the handshake is an ordinary retryable failure")
    func tlsFailuresMeanUnreachable() {
        func error(_ text: String, _ code: URLError.Code = .unknown) -> BackendError? {
            HTTPTransport.backendError(for: URLError(code, userInfo: [NSLocalizedDescriptionKey: text])) as? BackendError
        }
        for text in ["SSL certificate problem: self-signed certificate", "error:0A00010B:SSL routines::wrong version number",
                     "SSL: no alternative certificate subject name matches target host name 'x'"] {
            let failure = error(text)
            #expect(failure?.meansUnreachable == true, "\(text)")
            #expect(failure?.description.contains("TLS handshake failed: \(text)") == true)
        }
        #expect(error("An SSL error has occurred", .secureConnectionFailed)?.meansUnreachable == true)
        let reset = error("OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:443")
        #expect(reset?.meansUnreachable == false)
        #expect(reset?.isRetryable == true)
        #expect(error("Recv failure: Connection reset by peer")?.meansUnreachable == false)
    }
}
