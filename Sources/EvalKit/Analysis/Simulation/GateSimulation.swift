/// Estimates how often the gate raises an alarm, by simulating pairs of runs and gating each through
/// `RunComparison`, the code path `evalctl gate` uses.
///
/// Two models of the noise between runs (`noise`):
/// - `correlated`: each case has its own pass probability, shared by both runs — that is the per-case correlation
///   pairing exploits. A share `flakyShare` of cases are flaky, with a pass probability uniform on 0.1…0.9; the others
///   pass always or never, so the eval set's expected pass rate is `passRate`. The candidate's per-case probabilities
///   are the baseline's scaled by `1 − drop / passRate`, which lowers the expected pass rate by `drop`.
/// - `independent`: every case passes with probability `passRate` in each run, drawn independently (the candidate's
///   is `passRate − drop`): no case is easier than another, so as many cases flip as the pass rate allows — the
///   hardest setting for the test's size.
///
/// ```swift
/// var simulation = GateSimulation()
/// simulation.drop = 0.05
/// print(simulation.run().alarmRate)   // power to detect a 5-point drop
/// ```
public struct GateSimulation: Sendable {
    /// How a case's outcomes in the two runs are related.
    public enum Noise: String, Sendable, CaseIterable {
        /// Per-case pass probabilities shared by both runs; `flakyShare` of the cases are flaky.
        case correlated
        /// Every case passes with `passRate` in each run, independently of the other run.
        case independent
    }

    public var noise = Noise.correlated
    public var cases = 200
    public var passRate = 0.7
    public var flakyShare = 0.05
    /// The true drop of the expected pass rate, on 0…1 (0 simulates no change: alarms are false alarms).
    public var drop = 0.0
    public var repeats = 1
    public var simulations = 500
    public var seed: UInt64 = 1
    /// The gate's rule; bootstrap intervals do not affect the verdict, so few resamples keep the simulation fast.
    public var policy: ComparisonPolicy = {
        var policy = ComparisonPolicy()
        policy.margin = 0
        policy.bootstrapResamples = 50
        policy.permutationResamples = 2000
        return policy
    }()

    public init() {}

    public struct Outcome: Sendable {
        public let simulations: Int
        public let alarms: Int
        /// The mean share of cases whose pass/fail differed between the two runs (first repeat).
        public let flipRate: Double
        /// The mean minimum detectable drop the gate printed.
        public let minimumDetectableDrop: Double

        public var alarmRate: Double { Double(alarms) / Double(max(1, simulations)) }
        /// The exact (Clopper–Pearson) 95% interval of the alarm rate: under no change, the false-alarm rate is at
        /// most alpha unless `lower` is above it.
        public var alarmInterval: ConfidenceInterval { ClopperPearson.interval(successes: alarms, trials: max(1, simulations)) }
        /// The binomial standard error of `alarmRate`.
        public var standardError: Double { (alarmRate * (1 - alarmRate) / Double(max(1, simulations))).squareRoot() }
    }

    /// The same simulation with another true drop.
    public func with(drop: Double) -> GateSimulation {
        var copy = self
        copy.drop = drop
        return copy
    }

    public func run() -> Outcome {
        var random = SeededRandom(seed: seed)
        let key = SuiteKey(evalset: "simulated", promptID: "prompt", backend: "backend")
        let solidPassShare = max(0, min(1, (passRate - flakyShare * 0.5) / max(1e-9, 1 - flakyShare)))
        let scale = passRate > 0 ? max(0, 1 - drop / passRate) : 1
        var alarms = 0, flips = 0.0, detectable = 0.0
        for _ in 0..<simulations {
            var baseline: [SyntheticRun.Case] = [], candidate: [SyntheticRun.Case] = []
            var flipped = 0
            for index in 0..<cases {
                let (probability, candidateProbability): (Double, Double)
                switch noise {
                case .correlated:
                    probability = Double.random(in: 0...1, using: &random) < flakyShare
                        ? Double.random(in: 0.1...0.9, using: &random)
                        : (Double.random(in: 0...1, using: &random) < solidPassShare ? 1 : 0)
                    candidateProbability = probability * scale
                case .independent:
                    (probability, candidateProbability) = (passRate, max(0, passRate - drop))
                }
                let before = (0..<repeats).map { _ in Double.random(in: 0..<1, using: &random) < probability ? 1.0 : 0 }
                let after = (0..<repeats).map { _ in Double.random(in: 0..<1, using: &random) < candidateProbability ? 1.0 : 0 }
                if before[0] != after[0] { flipped += 1 }
                baseline.append(SyntheticRun.Case(id: "case-\(index)", values: before))
                candidate.append(SyntheticRun.Case(id: "case-\(index)", values: after))
            }
            let old = SyntheticRun(id: 1, suites: [SyntheticRun.Suite(key: key, cases: baseline)]).stored()
            let new = SyntheticRun(id: 2, suites: [SyntheticRun.Suite(key: key, cases: candidate)]).stored()
            guard let comparison = try? RunComparison(
                baseline: old.summary, baselineResults: old.results, baselineScales: old.scales,
                candidate: new.summary, candidateResults: new.results, candidateScales: new.scales, policy: policy) else { continue }
            if comparison.hasRegression { alarms += 1 }
            flips += Double(flipped) / Double(max(1, cases))
            detectable += comparison.scorers.first?.minimumDetectableDrop ?? 1
        }
        let count = Double(max(1, simulations))
        return Outcome(simulations: simulations, alarms: alarms, flipRate: flips / count, minimumDetectableDrop: detectable / count)
    }
}
