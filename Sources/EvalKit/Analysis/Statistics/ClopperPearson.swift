import Foundation

/// The exact (Clopper–Pearson) confidence interval of a binomial proportion: the range of rates p under which
/// observing `successes` of `trials` is not in either tail beyond (1 − confidence) / 2. Conservative: it covers the true
/// rate at least `confidence` of the time, however few the trials. The gate simulation reports its false-alarm rate
/// with it, so "at most alpha" is a claim about the rate, not about one sample of it.
///
/// ```swift
/// let interval = ClopperPearson.interval(successes: 12, trials: 200)   // 3.1% … 10.2%
/// ```
public enum ClopperPearson {
    public static func interval(successes: Int, trials: Int, confidence: Double = 0.95) -> ConfidenceInterval {
        precondition(trials > 0 && (0...trials).contains(successes), "need 0 ≤ successes ≤ trials, trials > 0 (\(successes), \(trials))")
        precondition(confidence > 0 && confidence < 1, "confidence must be in (0, 1), got \(confidence)")
        let tail = (1 - confidence) / 2
        // The lower end is the p at which P(X ≥ successes) = tail; the upper end the p at which P(X ≤ successes) = tail.
        let lower = successes == 0 ? 0 : solve { upperTail(atLeast: successes, trials: trials, probability: $0) - tail }
        let upper = successes == trials ? 1 : solve { tail - lowerTail(atMost: successes, trials: trials, probability: $0) }
        return ConfidenceInterval(lower: lower, upper: upper)
    }

    /// The root on 0…1 of a function that rises with p, by bisection.
    private static func solve(_ increasing: (Double) -> Double) -> Double {
        var low = 0.0, high = 1.0
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if increasing(middle) < 0 { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(X ≤ k) for X ~ Binomial(n, p).
    static func lowerTail(atMost k: Int, trials n: Int, probability p: Double) -> Double {
        if k >= n { return 1 }
        return min(1, (0...k).reduce(0) { $0 + exp(logProbability($1, trials: n, probability: p)) })
    }

    /// P(X ≥ k) for X ~ Binomial(n, p).
    static func upperTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double {
        if k <= 0 { return 1 }
        return min(1, (k...n).reduce(0) { $0 + exp(logProbability($1, trials: n, probability: p)) })
    }

    private static func logProbability(_ k: Int, trials n: Int, probability p: Double) -> Double {
        if p <= 0 { return k == 0 ? 0 : -.infinity }
        if p >= 1 { return k == n ? 0 : -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p) + Double(n - k) * log1p(-p)
    }
}
