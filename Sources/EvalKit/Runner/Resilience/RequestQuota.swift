import Foundation

/// A backend's client-side quota (`rpm:` and `tpm:`): token buckets refilled continuously at the rate per minute,
/// holding at most a second's worth, so requests leave evenly rather than in a burst at the top of each minute.
/// Tokens are estimated before a request (its prompt, a token per 4 bytes, plus `max_tokens` or 256) and corrected by
/// the usage its answer reports. A bucket may go into debt for one large request; the next ones wait it out.
public actor RequestQuota {
    public let requestsPerMinute: Double?
    public let tokensPerMinute: Double?
    private let clock = ContinuousClock()
    private var requests: Double
    private var tokens: Double
    private var refilled: ContinuousClock.Instant
    /// How often and how long the quota held a request back.
    public private(set) var waits = 0
    public private(set) var waitedSeconds = 0.0

    public init(requestsPerMinute: Double?, tokensPerMinute: Double?) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        requests = Self.capacity(requestsPerMinute)
        tokens = Self.capacity(tokensPerMinute)
        refilled = ContinuousClock.now
    }

    static func capacity(_ perMinute: Double?) -> Double { perMinute.map { max(1, $0 / 60) } ?? 0 }

    /// Waits until a request of about `estimatedTokens` fits both buckets, then takes it out of them.
    func acquire(estimatedTokens: Int) async throws {
        var waited = false
        let started = clock.now
        while true {
            refill()
            let requestNeed = requestsPerMinute == nil ? 0 : 1.0
            let tokenNeed = tokensPerMinute == nil ? 0 : min(Double(estimatedTokens), Self.capacity(tokensPerMinute))
            var wait = 0.0
            if let rpm = requestsPerMinute, requests < requestNeed { wait = max(wait, (requestNeed - requests) / (rpm / 60)) }
            if let tpm = tokensPerMinute, tokens < tokenNeed { wait = max(wait, (tokenNeed - tokens) / (tpm / 60)) }
            if wait <= 0 {
                if requestsPerMinute != nil { requests -= 1 }
                if tokensPerMinute != nil { tokens -= Double(estimatedTokens) }
                if waited {
                    waits += 1
                    waitedSeconds += (clock.now - started).seconds
                }
                return
            }
            waited = true
            try await Task.sleep(for: .seconds(min(wait, 5)))
        }
    }

    /// The answer used `actual` tokens where `estimated` were taken.
    func correct(estimated: Int, actual: Int) {
        guard tokensPerMinute != nil else { return }
        tokens -= Double(actual - estimated)
    }

    private func refill() {
        let now = clock.now
        let elapsed = (now - refilled).seconds
        refilled = now
        if let rpm = requestsPerMinute { requests = min(Self.capacity(rpm), requests + elapsed * rpm / 60) }
        if let tpm = tokensPerMinute { tokens = min(Self.capacity(tpm), tokens + elapsed * tpm / 60) }
    }
}
