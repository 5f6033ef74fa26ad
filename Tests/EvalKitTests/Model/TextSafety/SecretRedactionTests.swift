import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Secrets never leave a backend: redaction of keys echoed by servers")
struct SecretRedactionTests {
    static let key = "sk-proj-TESTKEY0123456789abcdefXYZ"

    @Test("configured secret values are replaced everywhere, also JSON-escaped")
    func secretValues() {
        let redactor = SecretRedactor(secrets: ["abc/def+ghi=123", "short"])
        #expect(redactor.redactSecrets("key abc/def+ghi=123 and abc\\/def+ghi=123") == "key [REDACTED] and [REDACTED]")
        #expect(redactor.redactSecrets("a short answer") == "a short answer", "values under 6 characters are not secrets")
    }

    @Test("credential shapes are replaced in error text", arguments: [
        ("Authorization: Bearer abcdefgh12345678", "Authorization: Bearer [REDACTED]"),
        ("authorization: bearer abcdefgh12345678; accept: */*", "authorization: bearer [REDACTED]; accept: */*"),
        (#"{"x-api-key": "k-1234", "other": 1}"#, #"{"x-api-key": "[REDACTED]", "other": 1}"#),
        ("x-api-key=zzz&q=1", "x-api-key=[REDACTED]&q=1"),
        (#"headers: {\"api-key\": \"abcd\"}"#, #"headers: {\"api-key\": \"[REDACTED]\"}"#),
        ("key sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA used", "key [REDACTED] used"),
        ("Bearer tokens are required", "Bearer tokens are required"),
        ("risk-assessment and task-management", "risk-assessment and task-management"),
    ])
    func shapes(input: String, expected: String) {
        #expect(SecretRedactor.shapesOnly.redact(input) == expected)
    }

    @Test("answers keep credential shapes a model wrote; only the configured key is removed")
    func answersKeepShapes() {
        let redactor = SecretRedactor(secrets: [Self.key])
        #expect(redactor.redactSecrets("use Bearer abcdefgh12345678 or \(Self.key)") == "use Bearer abcdefgh12345678 or [REDACTED]")
    }

    static func backend(_ server: StubHTTPServer, stream: Bool, maxRetries: Int = 0) throws -> any ModelBackend {
        var config = BackendConfig(name: "gateway", type: "openai")
        config.baseURL = server.baseURL.appendingPathComponent("v1")
        config.model = "gpt-stub"
        config.apiKeyEnvironmentVariable = "GATEWAY_KEY"
        config.stream = stream
        config.maxRetries = maxRetries
        return try BackendRegistry.standard.make(config, environment: ["GATEWAY_KEY": Self.key])
    }

    @Test("a gateway echoing the request headers in 4xx/5xx bodies and stream error events never returns the key",
          arguments: [
            (StubBehavior.echoHeadersInError(status: 401), false), (.echoHeadersInError(status: 500), false),
            (.echoHeadersAsText(status: 403), false), (.echoHeadersAsText(status: 502), true),
            (.echoHeadersInStreamError(), true),
          ])
    func echoedHeaders(behavior: StubBehavior, stream: Bool) async throws {
        let responder = ScriptedResponder(default: behavior)
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let backend = try Self.backend(server, stream: stream, maxRetries: 1)
        var message = ""
        do {
            _ = try await backend.complete(StubBackendHarness.question)
            Issue.record("the gateway's error was not an error")
        } catch {
            message = "\(error)"
        }
        await backend.shutdown()
        #expect(responder.receivedRequests.first?.header("authorization") == "Bearer \(Self.key)", "the key was sent")
        #expect(!message.contains(Self.key), "\(message)")
        #expect(!message.contains("TESTKEY"))
        #expect(message.contains("[REDACTED]"), "\(message)")
    }
}
