/// Counts of a run in progress, handed to a `RunProgressObserver` after every case.
public struct RunProgress: Sendable {
    public var total: Int
    public var done = 0
    public var passed = 0
    public var failed = 0
    public var errored = 0
    /// Cells never sent: the run stopped at its cost budget.
    public var skipped = 0
    /// Answers served from the response cache.
    public var fromCache = 0
    /// Seconds since the first request.
    public var elapsed: Double = 0

    public init(total: Int) {
        self.total = total
    }

    public var passRate: Double { done - skipped <= 0 ? 0 : Double(passed) / Double(done - skipped) }
    /// Every case answered so far errored: no pass rate to speak of.
    public var allErrored: Bool { errored > 0 && errored == done - skipped }

    /// Seconds left at the current pace, once there is a pace to go by.
    public var estimatedRemaining: Double? {
        guard done > 0, elapsed > 0 else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }

    mutating func count(_ status: ResultStatus) {
        done += 1
        switch status {
        case .passed: passed += 1
        case .failed: failed += 1
        case .error: errored += 1
        case .skipped: skipped += 1
        }
    }
}

/// Told about a run's progress; the terminal progress line is one.
public protocol RunProgressObserver: Sendable {
    func runStarted(_ progress: RunProgress)
    func caseFinished(_ progress: RunProgress)
    func runFinished(_ progress: RunProgress)
    /// A backend answered with rate limits, so its lane ran with fewer requests in flight than configured.
    func backendThrottled(_ backend: String, maximum: Int, lowest: Int, final: Int, times: Int)
    /// A backend's circuit breaker changed state, or the backend was found unreachable.
    func backendEvent(_ event: BackendEvent)
}

extension RunProgressObserver {
    public func backendThrottled(_ backend: String, maximum: Int, lowest: Int, final: Int, times: Int) {}
    public func backendEvent(_ event: BackendEvent) {}
}

/// Ignores progress (tests, `--format json` without a terminal).
public struct SilentProgress: RunProgressObserver {
    public init() {}
    public func runStarted(_ progress: RunProgress) {}
    public func caseFinished(_ progress: RunProgress) {}
    public func runFinished(_ progress: RunProgress) {}
}
