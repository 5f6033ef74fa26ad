import Foundation
import Testing
@testable import EvalKit

@Suite("Token quota (tpm): estimated from what the backend sends, corrected by usage, waiters woken by tokens given back")
struct RequestQuotaTests {
    static let request = ChatRequest(messages: [ChatMessage(role: .user, content: String(repeating: "word ", count: 8))])

    @Test("the estimate takes the answer's cap from the backend's own params, else Anthropic's default, else 256")
    func estimateReadsTheBackendsCap() {
        let prompt = TokenPricing.estimatedTokens(40)
        let url = URL(string: "http://127.0.0.1:9")!
        let capped = OpenAIChatBackend(name: "a", baseURL: url, model: "m", parameters: ["max_tokens": .number(16)])
        #expect(GuardedBackend.estimatedTokens(Self.request, body: capped.identity(of: Self.request).body) == prompt + 16)
        let newer = OpenAIChatBackend(name: "a", baseURL: url, model: "m", parameters: ["max_completion_tokens": .number(40)])
        #expect(GuardedBackend.estimatedTokens(Self.request, body: newer.identity(of: Self.request).body) == prompt + 40)
        let anthropic = AnthropicMessagesBackend(name: "c", baseURL: url, model: "claude")
        #expect(GuardedBackend.estimatedTokens(Self.request, body: anthropic.identity(of: Self.request).body)
                == prompt + AnthropicWireFormat.defaultMaxTokens)
        let perRequest = ChatRequest(messages: Self.request.messages, parameters: ["max_tokens": .number(8)])
        #expect(GuardedBackend.estimatedTokens(perRequest, body: capped.identity(of: perRequest).body) == prompt + 8)
        let plain = OpenAIChatBackend(name: "a", baseURL: url, model: "m")
        #expect(GuardedBackend.estimatedTokens(Self.request, body: plain.identity(of: Self.request).body) == prompt + 256)
    }

    @Test("tokens are spent at the rate per minute after a second's burst")
    func tokensPerMinute() async throws {
        let quota = RequestQuota(requestsPerMinute: nil, tokensPerMinute: 60_000)
        let start = ContinuousClock.now
        for _ in 0..<30 { try await quota.acquire(estimatedTokens: 100) }
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(elapsed >= 1.8, "1,000 at once, then 2,000 more at 1,000 a second: \(elapsed) s")
        #expect(await quota.waits > 0)
    }

    @Test("an answer that used fewer tokens than estimated lets a waiting request go at once, not after its wait")
    func usageCorrectionWakesWaiters() async throws {
        // 10 tokens a second: the first request's estimate leaves the bucket a day in debt, so the next one waits
        // however late its task starts on a loaded machine.
        let quota = RequestQuota(requestsPerMinute: nil, tokensPerMinute: 600)
        try await quota.acquire(estimatedTokens: Self.dayOfTokens)
        let waiting = Task { try await quota.acquire(estimatedTokens: 5) }
        try await Self.untilWaiting(quota)
        await quota.correct(estimated: Self.dayOfTokens, actual: 4)
        // Woken by the 96 tokens given back, not by its timer (5 s): decided inside `correct`, whatever the load.
        #expect(await quota.waitingRequests == 0)
        try await waiting.value
        #expect(await quota.waits == 1)
        #expect(await quota.waitedSeconds < 60)
    }

    @Test("an answer that used more tokens than estimated wakes nobody")
    func overrunWakesNobody() async throws {
        let quota = RequestQuota(requestsPerMinute: nil, tokensPerMinute: 600)
        try await quota.acquire(estimatedTokens: Self.dayOfTokens)
        let waiting = Task { try await quota.acquire(estimatedTokens: 5) }
        try await Self.untilWaiting(quota)
        await quota.correct(estimated: Self.dayOfTokens, actual: Self.dayOfTokens + 50)
        #expect(await quota.waitingRequests == 1)
        waiting.cancel()
        _ = try? await waiting.value
    }

    @Test("a waiting request that is cancelled stops waiting")
    func cancelledWaiter() async throws {
        let quota = RequestQuota(requestsPerMinute: nil, tokensPerMinute: 600)
        try await quota.acquire(estimatedTokens: Self.dayOfTokens)
        let waiting = Task { try await quota.acquire(estimatedTokens: 5) }
        try await Self.untilWaiting(quota)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(await quota.waitingRequests == 0)
    }

    /// A day's tokens at 600 a minute: a debt no test outlives.
    static let dayOfTokens = 600 * 60 * 24

    /// Returns once a request waits for `quota`; fails (rather than hanging the suite) after a minute without one.
    static func untilWaiting(_ quota: RequestQuota) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while await quota.waitingRequests == 0 {
            guard ContinuousClock.now < deadline else {
                Issue.record("no request started waiting for the quota within 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
