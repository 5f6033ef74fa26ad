import Foundation

/// The control chart for series whose runs know their own sampling error (pass rates, mean scores, error rates): each
/// run is judged against the mean of the runs before it in the stretch, in units of the standard error of that
/// difference, and alarms either at once (a single-run limit, for large shifts) or through a two-sided tabular CUSUM
/// on the same standardized distances (for small sustained ones).
///
/// The standard error combines the run's own sampling variance (``RunSampling``, at the reference level: the null
/// hypothesis), the history's excess noise between runs beyond sampling (τ², a method-of-moments estimate: the
/// reference runs' variance less their mean sampling variance, never below 0), and the uncertainty of the reference
/// mean itself. Speed and false-alarm rate, measured by simulation, are in docs/report-and-drift.md.
struct SamplingControlChart {
    /// Runs that only feed the reference level before the first judgement (at least 2).
    var referenceRuns: Int
    /// |z| above which a single run alarms.
    var singleRunLimit: Double
    /// CUSUM k, in standard errors.
    var slack: Double
    /// CUSUM h, in standard errors.
    var threshold: Double
    /// The smallest standard error used, in the series' units.
    var noiseFloor: Double

    /// The first alarm among `values[start...]`, or nil when the stretch stays in control. `sampling` is aligned with
    /// `values`.
    func firstAlarm(in values: [Double], sampling: [RunSampling], from start: Int) -> SelfStartingCUSUM.Alarm? {
        var reference = Reference()
        var cusum = TabularCUSUM(slack: slack, threshold: threshold, firstPosition: start + referenceRuns)
        for position in start..<values.count {
            let value = values[position]
            if reference.count >= referenceRuns {
                let score = standardized(value, sampling: sampling[position], reference: reference)
                if abs(score) > singleRunLimit {
                    return SelfStartingCUSUM.Alarm(position: position, direction: score > 0 ? .up : .down, excursionStart: position,
                                                   singleRun: true)
                }
                if let alarm = cusum.add(score, at: position) { return alarm }
            }
            reference.add(value, sampling[position])
        }
        return nil
    }

    /// The runs before the one being judged, kept as running sums (Welford for the mean and variance).
    struct Reference {
        var count = 0
        var mean = 0.0
        var squares = 0.0
        /// Σ 1/n over the runs: their mean sampling variance at a level p is p(1 − p) · mean(1/n).
        var inverseCounts = 0.0
        /// Σ s² over the runs that are means of scores, and how many they are.
        var deviationSquares = 0.0
        var meanRuns = 0

        mutating func add(_ value: Double, _ sampling: RunSampling) {
            count += 1
            let delta = value - mean
            mean += delta / Double(count)
            squares += delta * (value - mean)
            inverseCounts += 1 / Double(max(1, sampling.count))
            if case .mean(let deviation, _) = sampling {
                deviationSquares += deviation * deviation
                meanRuns += 1
            }
        }

        var variance: Double { count > 1 ? squares / Double(count - 1) : 0 }
        /// The root mean per-case variance of the runs' scores (for means), nil for proportions.
        var pooledDeviation: Double? { meanRuns == 0 ? nil : (deviationSquares / Double(meanRuns)).squareRoot() }
        /// The harmonic mean of the runs' outcome counts.
        var typicalCount: Int { Int((Double(count) / inverseCounts).rounded()) }
    }

    /// τ², the runs' variance beyond their sampling error: s² − v̄ when the runs vary significantly more than sampling
    /// explains (s² (m − 1) / v̄ above the 95th percentile of χ² with m − 1 degrees of freedom), else 0. Without the
    /// test, binomial noise alone would read as excess half the time and slow every alarm down.
    static func excessVariance(observed: Double, sampling: Double, runs: Int) -> Double {
        guard runs > 1, sampling > 0, sampling.isFinite else { return max(0, observed - (sampling.isFinite ? sampling : 0)) }
        let freedom = Double(runs - 1)
        // Wilson–Hilferty: the χ² quantile from the normal one, within 1% for 2+ degrees of freedom.
        let spread = (2 / (9 * freedom)).squareRoot()
        let quantile = freedom * pow(1 - 2 / (9 * freedom) + 1.644854 * spread, 3)
        return observed * freedom / sampling > quantile ? observed - sampling : 0
    }

    /// (x − x̄) / √(v + τ² + (v̄ + τ²) / m): the run's distance from the reference mean in standard errors of that
    /// distance, where v is the run's sampling variance at the reference level, v̄ the reference runs' mean sampling
    /// variance (at their harmonic mean count) and m their number.
    func standardized(_ value: Double, sampling: RunSampling, reference: Reference) -> Double {
        let pooled = reference.pooledDeviation
        let typical: RunSampling = switch sampling {
        case .proportion: .proportion(trials: reference.typicalCount)
        case .mean(let deviation, _): .mean(standardDeviation: deviation, count: reference.typicalCount)
        }
        let referenceVariance = typical.variance(atLevel: reference.mean, pooledDeviation: pooled)
        let excess = Self.excessVariance(observed: reference.variance, sampling: referenceVariance, runs: reference.count)
        let own = sampling.variance(atLevel: reference.mean, pooledDeviation: pooled)
        let error = max((own + excess + (referenceVariance + excess) / Double(reference.count)).squareRoot(), noiseFloor)
        let distance = value - reference.mean
        guard error.isFinite else { return 0 }
        guard error > 0 else { return distance == 0 ? 0 : distance > 0 ? .infinity : -.infinity }
        return distance / error
    }
}
