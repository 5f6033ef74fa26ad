import Foundation

/// Upper tail of the fair-coin binomial, P(X ≥ k) for X ~ Binomial(n, ½), accurate in relative terms from n = 1 to
/// the tens of thousands, where naive sums overflow and `lgamma` differences lose digits to cancellation.
///
/// The first term comes from Loader's saddle-point form of the binomial pmf (what R's `dbinom` uses); the rest follow
/// by the ratio recurrence, summed relative to that term, so nothing overflows and tiny tails stay representable.
enum BinomialTail {
    static func fairCoinUpperTail(atLeast successes: Int, trials: Int) -> Double {
        precondition(trials >= 0, "a binomial needs a non-negative number of trials, got \(trials)")
        if successes <= 0 { return 1 }
        if successes > trials { return 0 }
        // Below the middle the tail is at least ½; take it as the complement of the mirrored, small, tail.
        if 2 * successes <= trials {
            return 1 - summedFromAboveMiddle(successes: trials - successes + 1, trials: trials)
        }
        return summedFromAboveMiddle(successes: successes, trials: trials)
    }

    /// P(X ≥ k) for k > n/2, where successive terms shrink, so the sum can stop once they no longer change it.
    private static func summedFromAboveMiddle(successes: Int, trials: Int) -> Double {
        let logFirst = logFairCoinProbability(successes: successes, trials: trials)
        var term = 1.0
        var sum = 1.0
        var k = successes
        while k < trials {
            term *= Double(trials - k) / Double(k + 1)
            sum += term
            if term < sum * 0x1p-60 { break }
            k += 1
        }
        return exp(logFirst + log(sum))
    }

    /// log P(X = k) for X ~ Binomial(n, ½).
    static func logFairCoinProbability(successes k: Int, trials n: Int) -> Double {
        if k == 0 || k == n { return -Double(n) * M_LN2 }
        let half = Double(n) / 2
        let exponent = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
            - devianceTerm(Double(k), half) - devianceTerm(Double(n - k), half)
        let logScale = log(2 * Double.pi) + log(Double(k)) + log1p(-Double(k) / Double(n))
        return exponent - 0.5 * logScale
    }

    /// log(n!) − [(n + ½) log n − n + ½ log 2π]: the error of Stirling's formula, small and known to full precision.
    static func stirlingError(_ n: Int) -> Double {
        let x = Double(n)
        if n <= 15 {
            // Small arguments: lgamma is exact enough here (its value is below 30, so its absolute error is ~1e-15).
            return lgamma(x + 1) - (x + 0.5) * log(x) + x - 0.5 * log(2 * Double.pi)
        }
        let inverseSquare = 1 / (x * x)
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        if n > 500 { return (s0 - s1 * inverseSquare) / x }
        if n > 80 { return (s0 - (s1 - s2 * inverseSquare) * inverseSquare) / x }
        if n > 35 { return (s0 - (s1 - (s2 - s3 * inverseSquare) * inverseSquare) * inverseSquare) / x }
        return (s0 - (s1 - (s2 - (s3 - s4 * inverseSquare) * inverseSquare) * inverseSquare) * inverseSquare) / x
    }

    /// x log(x / m) + m − x, computed without cancellation when x is close to m.
    static func devianceTerm(_ x: Double, _ mean: Double) -> Double {
        guard abs(x - mean) < 0.1 * (x + mean) else { return x * log(x / mean) + mean - x }
        var ratio = (x - mean) / (x + mean)
        var sum = (x - mean) * ratio
        var power = 2 * x * ratio
        ratio *= ratio
        var j = 1.0
        while true {
            power *= ratio
            let next = sum + power / (2 * j + 1)
            if next == sum { return next }
            sum = next
            j += 1
        }
    }
}
