/// How precisely one run measured its value: a pass rate over `trials` cases, or a mean of `count` scores with their
/// standard deviation. With it, ``DriftDetector`` knows each run's own sampling error instead of guessing the noise from
/// a few earlier runs, so a large shift alarms on the first run after it.
///
/// ```swift
/// let sampling = points.map { RunSampling.proportion(trials: $0.count) }     // 150 cases a night
/// let finding = DriftDetector(minimumShift: 0.02).detect(passRates, sampling: sampling)
/// ```
public enum RunSampling: Sendable, Hashable {
    /// A share of `trials` independent pass/fail outcomes (a pass rate, an error rate).
    case proportion(trials: Int)
    /// A mean of `count` scores whose per-case standard deviation is `standardDeviation`.
    case mean(standardDeviation: Double, count: Int)

    /// Outcomes behind the value.
    public var count: Int {
        switch self {
        case .proportion(let trials): trials
        case .mean(_, let count): count
        }
    }

    /// The variance of the run's value if its true level were `level`: p(1 − p)/n for a proportion, with p kept half
    /// an outcome away from 0 and 1 so a run of all passes still has a sampling error; s²/n for a mean, with the
    /// reference runs' pooled standard deviation `pooledDeviation` when there is one (the null hypothesis: nothing
    /// changed, so the noise is the reference runs' noise).
    func variance(atLevel level: Double, pooledDeviation: Double?) -> Double {
        switch self {
        case .proportion(let trials):
            guard trials > 0 else { return .infinity }
            let n = Double(trials)
            let p = min(max(level, 0.5 / (n + 1)), 1 - 0.5 / (n + 1))
            return p * (1 - p) / n
        case .mean(let deviation, let count):
            guard count > 0 else { return .infinity }
            let spread = pooledDeviation ?? deviation
            return spread * spread / Double(count)
        }
    }
}
