import Foundation

/// A backend behind its circuit breaker and its client-side quota, both shared by every use of the backend. Every
/// attempt (retries included) waits for the quota and asks the breaker first; with `waitWhenOpen`, an open circuit is
/// waited out (a lane with nowhere else to go waits for the probe rather than failing its cases on a blip), without
/// it the request fails at once with `circuitOpen` so the case goes to its fallback.
public struct GuardedBackend: ModelBackend {
    public let base: any ModelBackend
    public let breaker: CircuitBreaker
    public let quota: RequestQuota?
    public let waitWhenOpen: Bool
    public var name: String { base.name }
    public var concurrency: Int { base.concurrency }

    public init(_ base: any ModelBackend, breaker: CircuitBreaker, quota: RequestQuota?, waitWhenOpen: Bool) {
        self.base = base
        self.breaker = breaker
        self.quota = quota
        self.waitWhenOpen = waitWhenOpen
    }

    public func start() async throws -> String { try await base.start() }
    public func shutdown() async { await base.shutdown() }
    public func identity(of request: ChatRequest) -> RequestIdentity { base.identity(of: request) }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let estimate = Self.estimatedTokens(request, body: base.identity(of: request).body)
        let gate = Gate(breaker: breaker, quota: quota, wait: waitWhenOpen, estimate: estimate)
        let completion = try await RetryPolicy.$attemptGate.withValue(gate) {
            try await base.complete(request)
        }
        if let quota, let prompt = completion.promptTokens, let output = completion.completionTokens {
            await quota.correct(estimated: estimate, actual: prompt + output)
        }
        return completion
    }

    /// The prompt at a token per 4 bytes, plus the answer's cap as the backend sends it (`body`: its own `params`, the
    /// request's, a wire format's default such as Anthropic's required `max_tokens`), else 256.
    static func estimatedTokens(_ request: ChatRequest, body: JSONValue) -> Int {
        let prompt = TokenPricing.estimatedTokens(request.messages.reduce(0) { $0 + $1.content.utf8.count })
        let cap = ["max_tokens", "max_completion_tokens"].lazy.compactMap { body[$0]?.doubleValue ?? request.parameters[$0]?.doubleValue }.first
        return prompt + (cap.map { Int(max(0, min($0, 1e9))) } ?? 256)
    }

    /// One request's gate: the quota before each attempt, the breaker around it.
    private struct Gate: AttemptGate {
        let breaker: CircuitBreaker
        let quota: RequestQuota?
        let wait: Bool
        let estimate: Int

        func beforeAttempt(_ number: Int) async throws {
            switch await breaker.permit(wait: wait) {
            case .go: break
            case .open: throw BackendError.circuitOpen(backend: breaker.backend)
            case .down(let reason): throw BackendError.unreachable(reason: reason)
            }
            try await quota?.acquire(estimatedTokens: estimate)
        }

        func attemptSucceeded() async {
            await breaker.succeeded()
        }

        func attemptFailed(_ error: BackendError) async -> BackendError? {
            await breaker.failed(error)
        }
    }
}
