/// One pass of the two-sided self-starting CUSUM (Hawkins 1987; Hawkins & Olwell 1998, §7.1) over a stretch of a
/// series, stopping at the first alarm. ``DriftDetector`` runs it again from each detected change.
///
/// Each run is compared with the mean and standard deviation of all runs before it in the stretch (Welford updates):
/// T = (xₙ − x̄) / s · √(n / (n + 1)) follows Student's t with n − 1 degrees of freedom when nothing has changed, and
/// its normal score Φ⁻¹(F(T)) is then exactly standard normal and independent of the earlier scores. The tabular
/// CUSUM on those scores therefore keeps its textbook in-control run length however short the history is, where
/// plugging in a mean and σ from a few baseline runs would not.
struct SelfStartingCUSUM {
    /// Runs that only feed the reference mean and standard deviation before the first score (at least 2).
    var referenceRuns: Int
    /// k, in standard deviations.
    var slack: Double
    /// h, in standard deviations.
    var threshold: Double
    /// The smallest standard deviation used, in the series' units.
    var noiseFloor: Double

    struct Alarm: Equatable {
        /// Position of the alarming run in the scanned array.
        var position: Int
        var direction: DriftFinding.Direction
        /// Position after the last time the alarming CUSUM was 0: the textbook change-point estimate.
        var excursionStart: Int
        /// Raised by one run beyond the single-run limit (``SamplingControlChart``), not by an accumulated excursion.
        var singleRun = false
    }

    /// The first alarm among `values[start...]`, or nil when the stretch stays in control.
    func firstAlarm(in values: [Double], from start: Int) -> Alarm? {
        var count = 0
        var mean = 0.0
        var squares = 0.0
        var cusum = TabularCUSUM(slack: slack, threshold: threshold, firstPosition: start + referenceRuns)
        for position in start..<values.count {
            let value = values[position]
            if count >= referenceRuns,
               let alarm = cusum.add(normalScore(value, count: count, mean: mean, squares: squares), at: position) {
                return alarm
            }
            count += 1
            let delta = value - mean
            mean += delta / Double(count)
            squares += delta * (value - mean)
        }
        return nil
    }

    /// The normal score of `value` against `count` earlier runs; infinite when a run leaves a perfectly flat history
    /// that has no noise floor to judge it by.
    private func normalScore(_ value: Double, count: Int, mean: Double, squares: Double) -> Double {
        let deviation = max((squares / Double(count - 1)).squareRoot(), noiseFloor)
        let distance = value - mean
        guard deviation > 0 else { return distance == 0 ? 0 : distance > 0 ? .infinity : -.infinity }
        let t = distance / deviation * (Double(count) / Double(count + 1)).squareRoot()
        return StudentTDistribution.normalScore(t, degreesOfFreedom: count - 1)
    }
}
