import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Anthropic errors and retries against the stub server")
struct AnthropicErrorTests {
    @Test("429 rate_limit_error is retried after the server's retry-after, and the adaptive limit sees a rate limit")
    func rateLimitHonoursRetryAfter() async throws {
        let harness = try AnthropicStubHarness(script: [.anthropicError(.rateLimited(retryAfter: .seconds(1)))])
        defer { harness.server.stop() }
        let backend = harness.backend()
        let seen = ErrorLog()
        let started = ContinuousClock.now
        let completion = try await RetryPolicy.$attemptListener.withValue(AttemptListener { await seen.add($0) }) {
            try await backend.complete(AnthropicStubHarness.question)
        }
        let elapsed = ContinuousClock.now - started
        await backend.shutdown()
        #expect(completion.attempts == 2)
        #expect(elapsed >= .milliseconds(980), "waited \(elapsed), the server asked for 1 s")
        let first = try #require(await seen.errors.first)
        #expect(ConcurrencyLimit.isRateLimit(first))
        #expect(first.httpMessage?.hasPrefix("rate_limit_error: Number of request tokens") == true)
    }

    @Test("529 overloaded_error and 500 api_error are retried; 529 counts as rate limiting")
    func overloadedAndServerErrorsRetried() async throws {
        let harness = try AnthropicStubHarness(
            default: .anthropicMessage(.fixed("Paris")), script: [.drop(), .anthropicError(.overloaded), .anthropicError(.apiError)])
        defer { harness.server.stop() }
        let backend = harness.backend()
        let seen = ErrorLog()
        let completion = try await RetryPolicy.$attemptListener.withValue(AttemptListener { await seen.add($0) }) {
            try await backend.complete(AnthropicStubHarness.question)
        }
        await backend.shutdown()
        #expect(completion.content == "Paris")
        #expect(completion.attempts == 4)
        let errors = await seen.errors
        #expect(errors.count == 3)
        // The drop comes first, on a new connection (on a kept-alive one it would be replaced, not counted).
        if case .some(.connection) = errors.first {} else { Issue.record("expected a connection error first: \(errors)") }
        #expect(errors.dropFirst().first == .http(status: 529, message: "overloaded_error: Overloaded", retryAfter: nil))
        #expect(errors.dropFirst().first.map(ConcurrencyLimit.isRateLimit) == true)
        #expect(errors.dropFirst(2).first == .http(status: 500, message: "api_error: Internal server error", retryAfter: nil))
    }

    @Test("an overloaded_error event mid-stream is a retried 529 the adaptive limit sees; the partial text is dropped")
    func midStreamOverloaded() async throws {
        let faults = AnthropicStreamFaults(errorAfterTextDeltas: 2, midStreamError: .overloaded)
        let harness = try AnthropicStubHarness(
            default: .anthropicMessage(.fixed("Paris is the capital")),
            script: [.anthropicMessage(.fixed("Paris is the capital"), faults: faults)])
        defer { harness.server.stop() }
        let backend = harness.backend()
        let seen = ErrorLog()
        let completion = try await RetryPolicy.$attemptListener.withValue(AttemptListener { await seen.add($0) }) {
            try await backend.complete(AnthropicStubHarness.question)
        }
        await backend.shutdown()
        #expect(completion.content == "Paris is the capital")
        #expect(completion.attempts == 2)
        let error = try #require(await seen.errors.first)
        #expect(ConcurrencyLimit.isRateLimit(error))
        #expect(error.httpMessage == "error inside the stream: overloaded_error: Overloaded")
    }

    @Test("an invalid_request_error event mid-stream is not retried")
    func midStreamInvalidRequest() async throws {
        let faults = AnthropicStreamFaults(errorAfterTextDeltas: 0, midStreamError: .invalidRequest("prompt is too long"))
        let harness = try AnthropicStubHarness(default: .anthropicMessage(faults: faults))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let error = await AnthropicStubHarness.failure(of: backend)
        await backend.shutdown()
        #expect(error == .http(status: 400, message: "error inside the stream: invalid_request_error: prompt is too long", retryAfter: nil))
        #expect(harness.responder.receivedRequests.count == 1)
    }

    @Test("a stream cut off mid-answer is retried, and its partial text is not kept")
    func cutShortStream() async throws {
        let harness = try AnthropicStubHarness(
            default: .anthropicMessage(.fixed("one two three")),
            script: [.anthropicMessage(.fixed("one two three"), faults: AnthropicStreamFaults(cutShortAfterTextDeltas: 1))])
        defer { harness.server.stop() }
        let backend = harness.backend()
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.content == "one two three")
        #expect(completion.attempts == 2)
    }

    @Test("a stream that ends cleanly before message_delta and message_stop is incomplete")
    func streamWithoutStop() async throws {
        let events = AnthropicMessageReply(model: "claude-stub", content: "one two").streamEvents()
        let partial = events.prefix { $0.name != "message_delta" }.map { StubStreamEvent(data: $0.record) }
        let harness = try AnthropicStubHarness(default: .respond(.stream(events: partial)))
        defer { harness.server.stop() }
        let backend = harness.backend(maxRetries: 0)
        let error = await AnthropicStubHarness.failure(of: backend)
        await backend.shutdown()
        guard case .exhausted(1, .incompleteStream(let received)) = error else {
            Issue.record("expected an incomplete stream, got \(String(describing: error))")
            return
        }
        #expect(received == partial.count)
    }

    @Test("400, 401, 403, 404 and 413 are not retried, with the API's error message in the reason", arguments: [
        AnthropicWireError.invalidRequest("messages: text content blocks must be non-empty"), .authentication, .permission,
        .notFound("model: claude-nope"), .requestTooLarge,
    ])
    func clientErrorsNotRetried(_ wireError: AnthropicWireError) async throws {
        let harness = try AnthropicStubHarness(default: .anthropicError(wireError))
        defer { harness.server.stop() }
        let backend = harness.backend()
        let error = await AnthropicStubHarness.failure(of: backend)
        await backend.shutdown()
        #expect(error == .http(status: wireError.status, message: "\(wireError.type): \(wireError.message)", retryAfter: nil))
        #expect(harness.responder.receivedRequests.count == 1)
    }

    @Test("x-should-retry: false stops the retry of a 529; true retries even a 400")
    func shouldRetryHeader() async throws {
        let refused = try AnthropicStubHarness(default: .anthropicError(AnthropicWireError.overloaded.shouldRetry(false)))
        defer { refused.server.stop() }
        let backend = refused.backend()
        let error = try #require(await AnthropicStubHarness.failure(of: backend))
        await backend.shutdown()
        #expect(refused.responder.receivedRequests.count == 1)
        #expect(!error.isRetryable)
        #expect(error.httpMessage == "overloaded_error: Overloaded")
        #expect(error.description.contains("the server said not to retry"))

        let forced = try AnthropicStubHarness(
            default: .anthropicMessage(.fixed("ok")), script: [.anthropicError(AnthropicWireError.invalidRequest("try again").shouldRetry(true))])
        defer { forced.server.stop() }
        let retrying = forced.backend()
        let completion = try await retrying.complete(AnthropicStubHarness.question)
        await retrying.shutdown()
        #expect(completion.attempts == 2)
        #expect(completion.content == "ok")
    }

    @Test("x-should-retry that agrees with the default leaves a plain HTTP error, so a 529 still counts as rate limiting")
    func shouldRetryAgreeing() async throws {
        let harness = try AnthropicStubHarness(default: .anthropicError(AnthropicWireError.overloaded.shouldRetry(true)))
        defer { harness.server.stop() }
        let backend = harness.backend(maxRetries: 1)
        let error = await AnthropicStubHarness.failure(of: backend)
        await backend.shutdown()
        guard case .exhausted(2, let last) = error else {
            Issue.record("expected two attempts, got \(String(describing: error))")
            return
        }
        #expect(ConcurrencyLimit.isRateLimit(last))
    }

    @Test("a server-directed error is redacted like any other")
    func serverDirectedRedacted() {
        let error = BackendError.serverDirected(retry: false, .http(status: 401, message: "bad key sk-ant-secret", retryAfter: nil))
        let redacted = error.redacted(by: SecretRedactor(secrets: ["sk-ant-secret"]))
        #expect(!redacted.description.contains("sk-ant-secret"))
        #expect(!redacted.isRetryable)
    }

    @Test("a 200 body that is not a message is a malformed answer, retried")
    func malformedMessage() async throws {
        let harness = try AnthropicStubHarness(
            default: .anthropicMessage(.fixed("fine")),
            script: [.respond(.full(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"type":"mess"#.utf8)))])
        defer { harness.server.stop() }
        let backend = harness.backend(stream: false)
        let completion = try await backend.complete(AnthropicStubHarness.question)
        await backend.shutdown()
        #expect(completion.attempts == 2)
        #expect(completion.content == "fine")
    }
}

/// Collects the errors of failed attempts, as the runner's adaptive limit sees them.
actor ErrorLog {
    private(set) var errors: [BackendError] = []

    func add(_ error: BackendError) {
        errors.append(error)
    }
}
