import Foundation
import Testing
@testable import EvalKit

@Suite("Circuit breaker: open on failures, probe after a cooldown, close on success, fail fast when unreachable")
struct CircuitBreakerTests {
    static let serverError = BackendError.http(status: 503, message: "unavailable", retryAfter: nil)
    static let refused = BackendError.connection("cannot connect to 127.0.0.1:9: Connection refused")

    static func policy(cooldown: Double = 0.05, giveUp: Double = 300) -> CircuitBreakerPolicy {
        var policy = CircuitBreakerPolicy()
        policy.consecutiveFailures = 3
        policy.cooldownSeconds = cooldown
        policy.maxCooldownSeconds = 0.2
        policy.giveUpAfterSeconds = giveUp
        return policy
    }

    @Test("K failures in a row open it; the probe after the cooldown closes it on success; every transition is reported")
    func opensProbesCloses() async {
        let events = Mutex<[BackendEvent]>([])
        let breaker = CircuitBreaker(backend: "b", endpoint: "http://x", policy: Self.policy(), report: { event in events.withLock { $0.append(event) } })
        await breaker.succeeded()
        for _ in 0..<2 { #expect(await breaker.failed(Self.serverError) == nil) }
        #expect(await breaker.state == .closed, "two failures are not enough")
        _ = await breaker.failed(Self.serverError)
        guard case .open = await breaker.state else { Issue.record("open after 3"); return }
        guard case .open = await breaker.permit(wait: false) else { Issue.record("an open circuit refuses at once without waiting"); return }
        guard case .go = await breaker.permit(wait: true) else { Issue.record("waiting gets the probe"); return }
        #expect(await breaker.state == .halfOpen)
        guard case .open = await breaker.permit(wait: false) else { Issue.record("one probe at a time"); return }
        await breaker.succeeded()
        #expect(await breaker.state == .closed)
        #expect(await breaker.openings == 1)
        let kinds = events.withLock { $0.map { event -> String in
            switch event {
            case .circuitOpened: "open"
            case .circuitHalfOpen: "half-open"
            case .circuitClosed: "closed"
            case .unreachable: "unreachable"
            }
        } }
        #expect(kinds == ["open", "half-open", "closed"])
    }

    @Test("client errors never open it; a failed probe opens it again for longer; open past give-up means down")
    func failedProbesAndGiveUp() async throws {
        let breaker = CircuitBreaker(backend: "b", endpoint: "http://x", policy: Self.policy())
        await breaker.succeeded()
        for _ in 0..<10 { _ = await breaker.failed(.http(status: 400, message: "bad request", retryAfter: nil)) }
        #expect(await breaker.state == .closed, "a 400 says something about the request, not the backend")
        for _ in 0..<3 { _ = await breaker.failed(Self.serverError) }
        guard case .go = await breaker.permit(wait: true) else { Issue.record("probe"); return }
        let probeFailure = await breaker.failed(Self.serverError)
        #expect(probeFailure == nil, "\(String(describing: probeFailure))")
        guard case .open = await breaker.state else { Issue.record("a failed probe opens it again"); return }
        #expect(await breaker.openings == 2)

        // Open longer than give_up_after_s (only a lower bound on time matters here): down for good.
        let giving = CircuitBreaker(backend: "b", endpoint: "http://x", policy: Self.policy(giveUp: 0.3))
        await giving.succeeded()
        for _ in 0..<3 { _ = await giving.failed(Self.serverError) }
        try await Task.sleep(for: .milliseconds(400))
        guard case .go = await giving.permit(wait: true) else { Issue.record("probe again"); return }
        let final = await giving.failed(Self.serverError)
        guard case .unreachable(let reason)? = final else { Issue.record("down after give_up_after_s: \(String(describing: final))"); return }
        #expect(reason.contains("kept failing"))
        guard case .down = await giving.permit(wait: true) else { Issue.record("nothing more is sent"); return }
    }

    @Test("refused connections before any success mean unreachable after 3 attempts; after a success they are ordinary failures")
    func failFast() async {
        let fresh = CircuitBreaker(backend: "b", endpoint: "http://127.0.0.1:9/v1", policy: Self.policy())
        #expect(await fresh.failed(Self.refused) == nil)
        #expect(await fresh.failed(.http(status: 401, message: "invalid key", retryAfter: nil)) == nil)
        guard case .unreachable(let reason)? = await fresh.failed(Self.refused) else { Issue.record("unreachable"); return }
        #expect(reason.contains("backend 'b' cannot be reached at http://127.0.0.1:9/v1"))
        #expect(reason.contains("Connection refused"))

        let seasoned = CircuitBreaker(backend: "b", endpoint: "http://x", policy: Self.policy())
        await seasoned.succeeded()
        for _ in 0..<3 { _ = await seasoned.failed(Self.refused) }
        guard case .open = await seasoned.state else { Issue.record("a backend that answered before opens, it is not declared unreachable"); return }
    }

    @Test("a failure share over the window opens it even without K in a row")
    func failureRate() async {
        var policy = Self.policy()
        policy.consecutiveFailures = 100
        policy.window = 10
        policy.failureRate = 0.5
        let breaker = CircuitBreaker(backend: "b", endpoint: "http://x", policy: policy)
        for index in 0..<10 {
            if index % 2 == 0 { await breaker.succeeded() } else { _ = await breaker.failed(Self.serverError) }
        }
        guard case .open = await breaker.state else { Issue.record("5 of the last 10 failed"); return }
    }

    @Test("the quota spaces requests at the rate per minute after a second's burst")
    func quota() async throws {
        let quota = RequestQuota(requestsPerMinute: 1200, tokensPerMinute: nil)
        let start = ContinuousClock.now
        for _ in 0..<40 { try await quota.acquire(estimatedTokens: 10) }
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(elapsed >= 0.9, "20 at once, then 20 more at 20 per second: \(elapsed) s")
        #expect(await quota.waits > 0)
    }
}
