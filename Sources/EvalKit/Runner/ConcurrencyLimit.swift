/// How many requests a backend lane may have in flight, adapting to the server: additive increase, multiplicative
/// decrease (AIMD, as TCP does). A rate-limit answer (429, or 529 "overloaded") halves the limit — once per round:
/// answers to requests sent before the last decrease do not count again, since they were sent under the old limit.
/// Every `current` answers raise the limit by one, back up to the configured `concurrency`.
actor ConcurrencyLimit {
    let maximum: Int
    private(set) var current: Int
    /// The lowest the limit went, for the end-of-run note.
    private(set) var lowest: Int
    private(set) var throttles = 0
    private var answersSinceChange = 0
    /// Counts decreases; a request remembers the epoch it was sent in.
    private(set) var epoch = 0

    init(maximum: Int) {
        self.maximum = max(1, maximum)
        current = self.maximum
        lowest = self.maximum
    }

    /// The server said "too many" to a request sent in `sentIn`: halve the limit, unless it was already halved since.
    func throttled(sentIn: Int) {
        guard sentIn == epoch else { return }
        epoch += 1
        throttles += 1
        current = max(1, current / 2)
        lowest = min(lowest, current)
        answersSinceChange = 0
    }

    /// A request finished without being throttled on its last attempt.
    func answered() {
        guard current < maximum else { return }
        answersSinceChange += 1
        if answersSinceChange >= current {
            current += 1
            answersSinceChange = 0
        }
    }

    /// Whether a response status asks the client to slow down.
    static func isRateLimit(_ error: BackendError) -> Bool {
        if case .http(let status, _, _) = error { return status == 429 || status == 529 }
        return false
    }
}
