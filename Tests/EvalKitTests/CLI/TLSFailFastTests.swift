import EvalStub
import Foundation
import Testing
@testable import EvalKit

/// A TLS handshake that cannot succeed is as final as a refused connection: an untrusted certificate, or an
/// `https://` URL at a server that speaks plain HTTP. The run stops the backend's lane at once with one reason.
@Suite("Fail fast on TLS failures: an untrusted certificate, https at a plain-HTTP server")
struct TLSFailFastTests {
    static let cases = 300

    @Test("a TLS server whose certificate is not trusted: the run ends quickly, every case with the certificate problem")
    func untrustedCertificate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TLSBenchServer.start(certificateDirectory: directory.path("cert"), delayMilliseconds: 0, close: false)
        let (result, seconds) = try await Self.run(baseURL: server.baseURL, in: directory)
        let counts = try await server.stop()
        #expect(counts.requests == 0)
        let reason = "backend 'secure' cannot be reached at \(server.baseURL)/v1: connection failed: TLS handshake failed: "
        Self.expectOneReason(reason, mentioning: "certificate", in: result, seconds: seconds)
    }

    @Test("an https URL at a plain-HTTP server: the run ends quickly with the TLS failure as its one reason")
    func httpsAtPlainHTTPServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let baseURL = "https://127.0.0.1:\(server.port)"
        let (result, seconds) = try await Self.run(baseURL: baseURL, in: directory)
        #expect(responder.receivedRequests.isEmpty)
        let reason = "backend 'secure' cannot be reached at \(baseURL)/v1: connection failed: TLS handshake failed: "
        Self.expectOneReason(reason, mentioning: "wrong version number", in: result, seconds: seconds)
    }

    static func run(baseURL: String, in directory: TemporaryDirectory) async throws -> (EvalctlProcess.Result, Double) {
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<cases).map { "question \($0)" }, minPassRate: 0)
        try directory.write("evalctl.yaml", """
            backends:
              secure:
                type: openai
                base_url: \(baseURL)/v1
                model: m
            """)
        let started = ContinuousClock.now
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        return (result, (ContinuousClock.now - started).seconds)
    }

    static func expectOneReason(_ reason: String, mentioning problem: String, in result: EvalctlProcess.Result, seconds: Double) {
        #expect(result.status == 3, "\(result.stderr)")
        // Quiet, a second or two; before TLS failures meant unreachable, every case went through the breaker's probes
        // (minutes). A loaded machine stretches wall time, so the bound is loose.
        #expect(seconds < 120, "it took \(seconds) s")
        #expect(result.stderr.components(separatedBy: reason).count - 1 == 1, "one line on stderr: \(result.stderr)")
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("errors: ") }.map(String.init) ?? ""
        #expect(line.hasPrefix("errors: \(cases) × \(reason)"), "\(result.stdout)")
        #expect(line.lowercased().contains(problem), "\(line)")
    }
}
