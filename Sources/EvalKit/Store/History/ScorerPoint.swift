/// One scorer's figures in one run of a suite, on 0…1, from the results that did not end in an error.
public struct ScorerPoint: Sendable, Hashable {
    public let scale: ScoreScale
    public let count: Int
    public let passed: Int
    /// Mean and standard deviation of the scores on 0…1.
    public let meanScore: Double
    public let standardDeviation: Double

    public var passRate: Double { count == 0 ? 0 : Double(passed) / Double(count) }

    /// 95% Wilson score interval of the pass rate: well behaved at 0% and 100%, unlike the normal approximation.
    public var passRateInterval: ConfidenceInterval {
        guard count > 0 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let z = 1.959964, n = Double(count), p = passRate
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return ConfidenceInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// 95% normal interval of the mean score.
    public var meanScoreInterval: ConfidenceInterval {
        guard count > 1 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let half = 1.959964 * standardDeviation / Double(count).squareRoot()
        return ConfidenceInterval(lower: max(0, meanScore - half), upper: min(1, meanScore + half))
    }

    /// The figure a comparison tests for this scorer: pass rate, or mean score for continuous scorers.
    public var tested: Double { scale.kind == .passFail ? passRate : meanScore }
}
