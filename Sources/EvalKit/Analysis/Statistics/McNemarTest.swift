/// Exact McNemar test (binomial test on the discordant pairs) for a pass/fail metric compared case by case.
///
/// Only the cases whose verdict changed carry information: under "no difference" each of them is equally likely to
/// have regressed or improved. Use it for binary metrics; ``SignFlipTest`` covers continuous ones.
/// ```swift
/// let p = McNemarTest.pValueForDrop(regressed: 9, improved: 2)   // ≈ 0.033
/// ```
public enum McNemarTest {
    /// One-sided p-value that the candidate is worse: P(X ≥ regressed) for X ~ Binomial(regressed + improved, ½).
    /// 1 when there are no discordant pairs.
    public static func pValueForDrop(regressed: Int, improved: Int) -> Double {
        precondition(regressed >= 0 && improved >= 0, "discordant counts cannot be negative (\(regressed), \(improved))")
        return BinomialTail.fairCoinUpperTail(atLeast: regressed, trials: regressed + improved)
    }

    /// One-sided p-value that the candidate is better: P(X ≥ improved) for the same binomial.
    public static func pValueForGain(regressed: Int, improved: Int) -> Double {
        pValueForDrop(regressed: improved, improved: regressed)
    }
}
