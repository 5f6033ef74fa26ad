import Foundation

/// Retries transient failures with exponential backoff and full jitter, honouring the server's `Retry-After`.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt; `max_retries` in the config.
    public var maxRetries: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a longer one is cut to this so one header cannot stall a run for hours.
    public var maxRetryAfter: Double

    public init(maxRetries: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 120) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before retry number `retry` (1-based) after `error`.
    public func delay(beforeRetry retry: Int, after error: BackendError) -> Double {
        if let retryAfter = error.retryAfter {
            return min(max(retryAfter, 0), maxRetryAfter)
        }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(retry - 1)))
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    /// Told of every failed attempt, in the task that made it: the runner's concurrency limit listens for rate limits
    /// here, since the retries happen inside the backend.
    @TaskLocal public static var attemptListener: AttemptListener?

    /// Consulted around every attempt, in the task that makes it: a client-side quota waits before one, and a circuit
    /// breaker may end the retries of a backend it has found down (see `AttemptGate`).
    @TaskLocal public static var attemptGate: (any AttemptGate)?

    /// Counts the requests sent (attempts that got past the gate), in the task that sends them: a request that fails
    /// throws no count with it, so the runner reads the number of attempts of a failed case here.
    @TaskLocal public static var attemptCounter: AttemptCounter?

    /// Runs `attempt` until it succeeds, fails in a way not worth retrying, or runs out of retries.
    /// `attempt` receives the 1-based attempt number; errors that are not `BackendError` (cancellation) pass through.
    public func run<T: Sendable>(_ attempt: (Int) async throws -> T) async throws -> T {
        var attemptNumber = 1
        let gate = Self.attemptGate
        while true {
            do {
                try await gate?.beforeAttempt(attemptNumber)
                Self.attemptCounter?.count()
                let result = try await attempt(attemptNumber)
                await gate?.attemptSucceeded()
                return result
            } catch let error as BackendError {
                if let listener = Self.attemptListener { await listener.attemptFailed(error) }
                if let gate, let stop = await gate.attemptFailed(error) { throw stop }
                guard error.isRetryable else { throw error }
                guard attemptNumber <= maxRetries else { throw BackendError.exhausted(attempts: attemptNumber, last: error) }
                try await Task.sleep(for: .seconds(delay(beforeRetry: attemptNumber, after: error)))
                attemptNumber += 1
            }
        }
    }
}

/// Receives the errors of a request's attempts (see `RetryPolicy.attemptListener`). A class, not a closure: a task-local
/// of optional function type crashed release builds of Swift 6.3.1 inside task-group children.
public final class AttemptListener: Sendable {
    private let handler: @Sendable (BackendError) async -> Void

    public init(_ handler: @escaping @Sendable (BackendError) async -> Void) {
        self.handler = handler
    }

    func attemptFailed(_ error: BackendError) async {
        await handler(error)
    }
}

/// How many requests were sent for one purpose (see `RetryPolicy.attemptCounter`).
public final class AttemptCounter: Sendable {
    private let sent = Mutex(0)

    public init() {}

    public var value: Int { sent.withLock { $0 } }

    func count() {
        sent.withLock { $0 += 1 }
    }
}

/// Told before and after each attempt of a request (see `RetryPolicy.attemptGate`): waits for a quota, records
/// outcomes for a circuit breaker, and may end the retries early.
public protocol AttemptGate: Sendable {
    /// Before each attempt: may wait (a rate limit) or throw (the backend is down).
    func beforeAttempt(_ number: Int) async throws
    func attemptSucceeded() async
    /// After a failed attempt: an error to end the retries with at once, or nil to go on as the policy says.
    func attemptFailed(_ error: BackendError) async -> BackendError?
}
