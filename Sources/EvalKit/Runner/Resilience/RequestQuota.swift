import Foundation

/// A backend's client-side quota (`rpm:` and `tpm:`): token buckets refilled continuously at the rate per minute,
/// holding at most a second's worth, so requests leave evenly rather than in a burst at the top of each minute.
/// Tokens are estimated before a request (its prompt, a token per 4 bytes, plus `max_tokens` or 256) and corrected by
/// the usage its answer reports. A bucket may go into debt for one large request; the next ones wait it out, and an
/// answer that used fewer tokens than estimated wakes them at once to look again.
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
    /// Requests waiting for tokens, each woken by its timer or by tokens given back, whichever comes first.
    private var sleepers: [Int: CheckedContinuation<Void, Never>] = [:]
    /// How many requests are waiting for the quota now.
    var waitingRequests: Int { sleepers.count }
    /// Sleepers not yet woken, and those of them woken before they had gone to sleep.
    private var pending: Set<Int> = []
    private var wokenEarly: Set<Int> = []
    private var nextSleeper = 0

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
            try await sleep(seconds: min(wait, 5))
        }
    }

    /// The answer used `actual` tokens where `estimated` were taken; tokens given back wake the waiting requests.
    func correct(estimated: Int, actual: Int) {
        guard tokensPerMinute != nil else { return }
        tokens -= Double(actual - estimated)
        if actual < estimated {
            for id in Array(sleepers.keys) { wake(id) }
        }
    }

    /// Sleeps for `seconds`, or until `correct` gives tokens back or the task is cancelled.
    private func sleep(seconds: Double) async throws {
        let id = nextSleeper
        nextSleeper += 1
        pending.insert(id)
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            await self?.wake(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if wokenEarly.remove(id) != nil {
                    continuation.resume()
                } else {
                    sleepers[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.wake(id) }
        }
        timer.cancel()
        try Task.checkCancellation()
    }

    private func wake(_ id: Int) {
        guard pending.remove(id) != nil else { return }
        if let continuation = sleepers.removeValue(forKey: id) {
            continuation.resume()
        } else {
            wokenEarly.insert(id)
        }
    }

    private func refill() {
        let now = clock.now
        let elapsed = (now - refilled).seconds
        refilled = now
        if let rpm = requestsPerMinute { requests = min(Self.capacity(rpm), requests + elapsed * rpm / 60) }
        if let tpm = tokensPerMinute { tokens = min(Self.capacity(tpm), tokens + elapsed * tpm / 60) }
    }
}
