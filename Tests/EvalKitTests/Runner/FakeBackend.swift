import Foundation
@testable import EvalKit

/// An in-process backend for runner tests: answers with `answer(request)` after `delay`, and records how many
/// requests were in flight at once.
final class FakeBackend: ModelBackend, @unchecked Sendable {
    let name: String
    let concurrency: Int
    let delay: Duration
    let answer: @Sendable (ChatRequest) throws -> String
    /// Calls after this many never answer (until cancelled): a run that cannot finish before a test stops it.
    var hangAfter: Int?
    private let state = Mutex((inFlight: 0, maxInFlight: 0, calls: 0, shutdowns: 0))

    init(name: String = "fake", concurrency: Int, delay: Duration = .milliseconds(5),
         answer: @escaping @Sendable (ChatRequest) throws -> String = { $0.messages.last?.content ?? "" }) {
        self.name = name
        self.concurrency = concurrency
        self.delay = delay
        self.answer = answer
    }

    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    var calls: Int { state.withLock { $0.calls } }
    var shutdowns: Int { state.withLock { $0.shutdowns } }

    func start() async throws -> String { "fake-model" }

    func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        state.withLock {
            $0.inFlight += 1
            $0.calls += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        if let hangAfter, calls > hangAfter { try await Task.sleep(for: .seconds(3_600)) }
        try await Task.sleep(for: delay)
        return ChatCompletion(content: try answer(request), model: "fake-model", latency: 0.005, timeToFirstToken: 0.001)
    }

    func shutdown() async { state.withLock { $0.shutdowns += 1 } }
    func identity(of request: ChatRequest) -> RequestIdentity {
        RequestIdentity(wireType: "test", endpoint: name, model: "test", body: .string(request.storedJSON), sample: request.sample)
    }
}
