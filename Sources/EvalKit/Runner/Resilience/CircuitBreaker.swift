import Foundation

/// One backend's circuit breaker, shared by every request to it (run lanes, fallbacks and judges).
///
/// Closed, it counts failed attempts that are the backend's fault (`BackendError.countsAgainstBackend`): after
/// `consecutiveFailures` in a row, or a failure share of at least `failureRate` over the last `window` attempts, it
/// opens and nothing is sent for a cooldown; then one probe goes (half-open): a success closes it, a failure opens it
/// again with twice the cooldown (up to `maxCooldownSeconds`). Open for `giveUpAfterSeconds` without a successful probe,
/// the backend is down. Before any success, `unreachableAfter` failed attempts that mean the backend cannot be reached
/// at all (refused connections, DNS or TLS failures, 401/403/404) mark it unreachable at once: fail fast.
public actor CircuitBreaker {
    public enum State: Sendable, Equatable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen
        /// Nothing more is sent: the reason names the backend, its URL and why.
        case down(String)
    }

    /// What a request may do now.
    enum Permit: Sendable {
        case go
        case open
        case down(String)
    }

    public let backend: String
    public let endpoint: String
    public let policy: CircuitBreakerPolicy
    private let report: @Sendable (BackendEvent) -> Void
    /// Errors reach the breaker from inside the backend, before its redaction: every reason it keeps or reports
    /// passes through this first, so no secret a server echoed reaches a log line or the summary.
    private let redactor: SecretRedactor
    private let clock = ContinuousClock()
    public private(set) var state = State.closed
    private var consecutive = 0
    private var recent: [Bool] = []
    private var everSucceeded = false
    private var earlyUnreachable = 0
    private var cooldown: Double
    private var openSince: ContinuousClock.Instant?
    private var probeStarted: ContinuousClock.Instant?
    /// How many times the circuit opened.
    public private(set) var openings = 0

    public init(backend: String, endpoint: String, policy: CircuitBreakerPolicy, redactor: SecretRedactor = .shapesOnly,
                report: @escaping @Sendable (BackendEvent) -> Void = { _ in }) {
        self.redactor = redactor
        self.backend = backend
        self.endpoint = endpoint
        self.policy = policy
        self.report = report
        cooldown = policy.cooldownSeconds
    }

    /// Whether a request may be sent now; with `wait`, an open circuit is waited out (and a half-open one until its
    /// probe has answered) instead of being reported.
    func permit(wait: Bool) async -> Permit {
        while true {
            switch state {
            case .closed:
                return .go
            case .down(let reason):
                return .down(reason)
            case .open(let until):
                if clock.now >= until {
                    state = .halfOpen
                    probeStarted = nil
                    report(.circuitHalfOpen(backend: backend))
                    continue
                }
                guard wait else { return .open }
                try? await Task.sleep(until: until, clock: clock)
                if Task.isCancelled { return .open }
            case .halfOpen:
                // One probe at a time; a probe that never answered (cancelled) frees the slot after a while.
                if let started = probeStarted, clock.now - started < .seconds(120) {
                    guard wait else { return .open }
                    try? await Task.sleep(for: .milliseconds(100))
                    if Task.isCancelled { return .open }
                    continue
                }
                probeStarted = clock.now
                return .go
            }
        }
    }

    func succeeded() {
        everSucceeded = true
        consecutive = 0
        remember(failure: false)
        switch state {
        case .open, .halfOpen:
            state = .closed
            cooldown = policy.cooldownSeconds
            openSince = nil
            probeStarted = nil
            report(.circuitClosed(backend: backend))
        case .closed, .down:
            break
        }
    }

    /// Records a failed attempt; returns the error to end the request's retries with when the backend is now down.
    func failed(_ error: BackendError) -> BackendError? {
        if case .down(let reason) = state { return .unreachable(reason: reason) }
        if !everSucceeded, error.meansUnreachable {
            earlyUnreachable += 1
            if earlyUnreachable >= CircuitBreakerPolicy.unreachableAfter {
                return goDown("backend '\(backend)' cannot be reached at \(endpoint): \(error.underlying)")
            }
        }
        guard policy.enabled, error.countsAgainstBackend else { return nil }
        consecutive += 1
        remember(failure: true)
        switch state {
        case .halfOpen:
            if let openSince, clock.now - openSince >= .seconds(policy.giveUpAfterSeconds) {
                return goDown("backend '\(backend)' at \(endpoint) kept failing for \(Int(policy.giveUpAfterSeconds)) s: \(error.underlying)")
            }
            cooldown = min(cooldown * 2, policy.maxCooldownSeconds)
            open(because: "the probe failed: \(error.underlying)")
        case .closed:
            let failures = recent.count(where: { $0 })
            if consecutive >= policy.consecutiveFailures {
                open(because: "\(consecutive) failures in a row, the last: \(error.underlying)")
            } else if recent.count >= policy.window, Double(failures) / Double(recent.count) >= policy.failureRate {
                open(because: "\(failures) of the last \(recent.count) attempts failed, the last: \(error.underlying)")
            }
        case .open, .down:
            break
        }
        return nil
    }

    private func open(because reason: String) {
        openings += 1
        if openSince == nil { openSince = clock.now }
        state = .open(until: clock.now + .seconds(cooldown))
        probeStarted = nil
        report(.circuitOpened(backend: backend, reason: redactor.redact(reason), retryIn: cooldown))
    }

    private func goDown(_ unredacted: String) -> BackendError {
        let reason = redactor.redact(unredacted)
        state = .down(reason)
        report(.unreachable(backend: backend, reason: reason))
        return .unreachable(reason: reason)
    }

    private func remember(failure: Bool) {
        recent.append(failure)
        if recent.count > policy.window { recent.removeFirst(recent.count - policy.window) }
    }
}

/// What a backend's guard tells the run: circuit transitions and a backend found unreachable, each with its reason.
public enum BackendEvent: Sendable, Equatable {
    case circuitOpened(backend: String, reason: String, retryIn: Double)
    case circuitHalfOpen(backend: String)
    case circuitClosed(backend: String)
    case unreachable(backend: String, reason: String)

    /// One line for the log.
    public var description: String {
        switch self {
        case .circuitOpened(let backend, let reason, let retryIn):
            "backend \(backend): circuit open (\(reason)); nothing sent to it for \(JSONValue.format(number: retryIn)) s, then one probe"
        case .circuitHalfOpen(let backend): "backend \(backend): circuit half-open, probing"
        case .circuitClosed(let backend): "backend \(backend): circuit closed, the probe succeeded"
        case .unreachable(_, let reason): "\(reason); nothing more is sent to it"
        }
    }
}
