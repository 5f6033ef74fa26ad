import EvalStub
import Foundation
import Testing
@testable import EvalKit

/// The stub is only as good as its likeness to the real APIs: the official SDKs must read it without complaint.
@Suite("The stub's wire formats, read by the official Anthropic and OpenAI Python SDKs")
struct SDKFidelityTests {
    /// Answers by the request's `model`: `error-STATUS` is that status's error, `refusal` a refusal, `pings` a stream
    /// with pings everywhere, `midstream-overloaded` a stream that fails with an `error` event; anything else is echoed.
    static let behavior = StubBehavior { request in
        let model = (request.json?["model"] as? String) ?? ""
        let status = model.hasPrefix("error-") ? Int(model.dropFirst("error-".count)) : nil
        guard AnthropicWire.isMessagesPath(request.path) else {
            switch status {
            case 429: return OpenAIWire.errorResponse(.rateLimited())
            case 500: return OpenAIWire.errorResponse(.serverError)
            default: return OpenAIWire.reply(to: request)
            }
        }
        if let status {
            let errors: [AnthropicWireError] = [
                .invalidRequest("messages: text content blocks must be non-empty"), .authentication, .permission,
                .notFound("model: \(model)"), .requestTooLarge, .rateLimited(), .apiError, .overloaded,
            ]
            return AnthropicWire.errorResponse(errors.first { $0.status == status } ?? .apiError)
        }
        switch model {
        case "refusal": return AnthropicWire.reply(to: request, stopReason: "refusal")
        case "pings": return AnthropicWire.reply(to: request, faults: AnthropicStreamFaults(pingBeforeEveryEvent: true))
        case "midstream-overloaded": return AnthropicWire.reply(to: request, faults: AnthropicStreamFaults(errorAfterTextDeltas: 1))
        default: return AnthropicWire.reply(to: request)
        }
    }

    @Test("anthropic and openai read streamed and whole answers, thinking, refusals and every error status as the real APIs'")
    func officialSDKsReadTheStub() async throws {
        let server = try StubHTTPServer(handler: Self.behavior.response(to:))
        defer { server.stop() }
        let script = TestFixtures.root.appendingPathComponent("stub/sdk_fidelity.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = [script, server.baseURL.absoluteString]
        // The SDKs must not pick up a developer's real keys, proxies or base URLs.
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_PROXY": "*"]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            Issue.record("cannot start \(ReferencePython.path) (\(error)): \(ReferencePython.installHint)")
            return
        }
        let result = await EvalctlProcess.collect(process, output, error)
        #expect(result.status == 0, "the SDKs complained:\n\(result.stderr)\n— \(ReferencePython.installHint)")
        #expect(result.stdout.hasPrefix("ok: "), "\(result.stdout)")
    }
}
