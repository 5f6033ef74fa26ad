import Foundation
import Testing
@testable import EvalKit

/// A backend that answers 429 (through the real `RetryPolicy`) whenever more than `capacity` requests are in flight.
final class RateLimitedBackend: ModelBackend, @unchecked Sendable {
    let name = "limited"
    let concurrency: Int
    let capacity: Int
    private let state = Mutex((inFlight: 0, rateLimited: 0, inFlightAfterThrottle: [Int]()))
    private let retry = RetryPolicy(maxRetries: 100, baseDelay: 0.001, maxDelay: 0.004)

    init(concurrency: Int, capacity: Int) {
        self.concurrency = concurrency
        self.capacity = capacity
    }

    var rateLimited: Int { state.withLock { $0.rateLimited } }

    func start() async throws -> String { "limited-model" }
    func identity(of request: ChatRequest) -> RequestIdentity {
        RequestIdentity(wireType: "test", endpoint: name, model: "test", body: .string(request.storedJSON), sample: request.sample)
    }

    func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        try await retry.run { _ in
            let admitted = state.withLock { state -> Bool in
                state.inFlight += 1
                if state.inFlight > capacity {
                    state.inFlight -= 1
                    state.rateLimited += 1
                    return false
                }
                return true
            }
            guard admitted else { throw BackendError.http(status: 429, message: "rate_limit_exceeded", retryAfter: 0.002) }
            defer { state.withLock { $0.inFlight -= 1 } }
            try await Task.sleep(for: .milliseconds(4))
            return ChatCompletion(content: request.messages.last?.content ?? "", model: "limited-model", latency: 0.004, timeToFirstToken: nil)
        }
    }

    func shutdown() async {}
}

/// Records what the runner reports about throttling.
final class ThrottleRecorder: RunProgressObserver, @unchecked Sendable {
    private let notes = Mutex([(backend: String, maximum: Int, lowest: Int, final: Int, times: Int)]())
    var recorded: [(backend: String, maximum: Int, lowest: Int, final: Int, times: Int)] { notes.withLock { $0 } }
    func runStarted(_ progress: RunProgress) {}
    func caseFinished(_ progress: RunProgress) {}
    func runFinished(_ progress: RunProgress) {}
    func backendThrottled(_ backend: String, maximum: Int, lowest: Int, final: Int, times: Int) {
        notes.withLock { $0.append((backend, maximum, lowest, final, times)) }
    }
}

@Suite("Adaptive concurrency")
struct AdaptiveConcurrencyTests {
    @Test("a rate limit halves the limit once per round; answers raise it back one at a time, up to the maximum")
    func additiveIncreaseMultiplicativeDecrease() async {
        let limit = ConcurrencyLimit(maximum: 16)
        await limit.throttled(sentIn: 0)
        #expect(await limit.current == 8)
        await limit.throttled(sentIn: 0)
        #expect(await limit.current == 8, "a second 429 from the same round does not count again")
        await limit.throttled(sentIn: 1)
        #expect(await limit.current == 4)
        for _ in 0..<3 { await limit.answered() }
        #expect(await limit.current == 4)
        await limit.answered()
        #expect(await limit.current == 5, "after `current` answers, one more")
        for _ in 0..<200 { await limit.answered() }
        #expect(await limit.current == 16, "never above the configured concurrency")
        #expect(await limit.lowest == 4)
        #expect(await limit.throttles == 2)
        let single = ConcurrencyLimit(maximum: 1)
        await single.throttled(sentIn: 0)
        #expect(await single.current == 1, "never below one")
    }

    @Test("a backend that rate-limits above 4 in flight: every case completes, and the runner backs off from 16")
    func runnerBacksOff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backend = RateLimitedBackend(concurrency: 16, capacity: 4)
        let matrix = try RunMatrix(evalSets: [try EvalRunnerTests.echoEvalSet(count: 120)], promptIDs: [], backendNames: ["limited"], repeats: 1)
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let runID = try await store.insertRun(EvalStoreTests.run())
        var suiteIDs: [Int64] = []
        for suite in matrix.suites {
            suiteIDs.append(try await store.insertSuite(SuiteRecord(
                runID: runID, evalset: suite.evalSet.name, evalsetVersion: suite.evalSet.version, evalsetHash: "h",
                promptID: suite.prompt.id, promptHash: "p", backend: "limited", model: "limited-model", minPassRate: 0,
                caseCount: suite.evalSet.cases.count, repeats: 1)))
        }
        let recorder = ThrottleRecorder()
        try await EvalRunner(store: store, progress: recorder).execute(
            matrix: matrix, runID: runID, suiteIDs: suiteIDs, models: ["limited": "limited-model"], backends: ["limited": backend])
        let summary = try await store.summary(ofRun: runID)
        #expect(summary.passed == 120 && summary.errored == 0)
        let note = try #require(recorder.recorded.first)
        #expect(note.backend == "limited" && note.maximum == 16)
        #expect(note.lowest <= 4, "halved until the server stopped refusing: \(note)")
        // Measured: with the limit fixed at 16, about 660 attempts are refused in this run; backing off, 70 to 100.
        #expect(backend.rateLimited < 400, "\(backend.rateLimited) rate-limited attempts")
    }
}
