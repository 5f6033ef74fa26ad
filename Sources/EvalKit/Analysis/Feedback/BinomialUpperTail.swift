import Foundation

/// P(X ≥ k) for X ~ Binomial(n, p): the one-sided test behind a flagged feedback day.
enum BinomialUpperTail {
    static func probability(atLeast k: Int, trials n: Int, rate p: Double) -> Double {
        precondition(n >= 0 && (0...1).contains(p), "a binomial needs n ≥ 0 and 0 ≤ p ≤ 1")
        if k <= 0 { return 1 }
        if k > n || p == 0 { return 0 }
        if p == 1 { return 1 }
        let logP = log(p), logQ = log1p(-p)
        func logTerm(_ i: Int) -> Double {
            lgamma(Double(n) + 1) - lgamma(Double(i) + 1) - lgamma(Double(n - i) + 1) + Double(i) * logP + Double(n - i) * logQ
        }
        // Sum relative to the largest term of the tail (the first one, or the mode if it lies inside), so nothing underflows.
        let mode = min(n, max(k, Int((Double(n + 1) * p).rounded(.down))))
        let peak = logTerm(mode)
        var sum = 0.0
        for i in k...n {
            let term = exp(logTerm(i) - peak)
            sum += term
            if i > mode, term < sum * 0x1p-60 { break }
        }
        return min(1, exp(peak + log(sum)))
    }
}
