/// Percentile bootstrap over cases for paired data: `baseline[i]` and `candidate[i]` are case i's values (already
/// averaged over that case's repeats, so resampling cases resamples whole cases). One set of resampled indices serves
/// all three intervals, so the difference interval keeps the pairing and is much narrower than two independent ones.
///
/// ```swift
/// let intervals = PairedBootstrap.intervals(baseline: old, candidate: new, seed: SeededRandom.seed(runSeed, label: metric))
/// if intervals.difference.upper < 0 { /* the candidate is worse at 95% */ }
/// ```
public enum PairedBootstrap {
    public struct Intervals: Sendable, Hashable {
        public var baseline: ConfidenceInterval
        public var candidate: ConfidenceInterval
        /// candidate − baseline.
        public var difference: ConfidenceInterval

        public init(baseline: ConfidenceInterval, candidate: ConfidenceInterval, difference: ConfidenceInterval) {
            self.baseline = baseline
            self.candidate = candidate
            self.difference = difference
        }
    }

    /// The intervals of the baseline mean, the candidate mean and their difference.
    ///
    /// The arrays must have the same length. With no cases every bound is NaN (nothing can be said), so comparisons
    /// such as `difference.upper < 0` come out false.
    public static func intervals(baseline: [Double], candidate: [Double], resamples: Int = 2000, confidence: Double = 0.95,
                                 seed: UInt64) -> Intervals {
        precondition(baseline.count == candidate.count,
                     "paired bootstrap needs one candidate value per baseline case (\(baseline.count) vs \(candidate.count))")
        precondition(resamples > 0, "paired bootstrap needs at least one resample, got \(resamples)")
        precondition(confidence > 0 && confidence < 1, "confidence must be in (0, 1), got \(confidence)")
        let count = baseline.count
        guard count > 0 else {
            let unknown = ConfidenceInterval(lower: .nan, upper: .nan)
            return Intervals(baseline: unknown, candidate: unknown, difference: unknown)
        }

        var random = SeededRandom(seed: seed)
        var baselineMeans = [Double](repeating: 0, count: resamples)
        var candidateMeans = [Double](repeating: 0, count: resamples)
        var differenceMeans = [Double](repeating: 0, count: resamples)
        let scale = 1 / Double(count)
        baseline.withUnsafeBufferPointer { baselineValues in
            candidate.withUnsafeBufferPointer { candidateValues in
                for resample in 0..<resamples {
                    var baselineSum = 0.0
                    var candidateSum = 0.0
                    var differenceSum = 0.0
                    for _ in 0..<count {
                        let index = random.index(below: count)
                        baselineSum += baselineValues[index]
                        candidateSum += candidateValues[index]
                        differenceSum += candidateValues[index] - baselineValues[index]
                    }
                    baselineMeans[resample] = baselineSum * scale
                    candidateMeans[resample] = candidateSum * scale
                    differenceMeans[resample] = differenceSum * scale
                }
            }
        }
        let tail = (1 - confidence) / 2
        return Intervals(
            baseline: percentileInterval(&baselineMeans, tail: tail),
            candidate: percentileInterval(&candidateMeans, tail: tail),
            difference: percentileInterval(&differenceMeans, tail: tail)
        )
    }

    /// Sorts `values` in place and reads the `tail` and `1 − tail` quantiles with linear interpolation between order
    /// statistics (the common "type 7" definition, numpy's default).
    static func percentileInterval(_ values: inout [Double], tail: Double) -> ConfidenceInterval {
        values.sort()
        return ConfidenceInterval(lower: quantile(ofSorted: values, tail), upper: quantile(ofSorted: values, 1 - tail))
    }

    static func quantile(ofSorted values: [Double], _ probability: Double) -> Double {
        let position = probability * Double(values.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, values.count - 1)
        let fraction = position - Double(below)
        return values[below] + (values[above] - values[below]) * fraction
    }
}
