/// Measures the drift check's speed and false-alarm rate on a pass rate, by simulating nightly runs and judging every
/// night exactly as `evalctl drift` would that night (the detector over the history up to that night; a shift alarms
/// that night when its alarm is on the newest run).
///
/// Each night the eval set's `cases` pass independently with probability `passRate` (binomial sampling: the noise a
/// run's standard error describes). A shift of d standard errors moves the pass rate by d · √(p(1 − p)/n), from the
/// night after `historyRuns` stable nights on.
///
/// ```swift
/// let outcome = DriftSimulation().run()
/// print(outcome.falseAlarmsPer100Runs, outcome.delays[4]!.firstRunShare)
/// ```
public struct DriftSimulation: Sendable {
    public var cases = 150
    public var passRate = 0.85
    /// Stable nights before the shift.
    public var historyRuns = 10
    /// Nights watched after the shift before giving up.
    public var watchRuns = 10
    /// Shifts to measure, in standard errors of one run (downwards).
    public var shifts: [Double] = [2, 3, 4, 8]
    /// Simulated histories per shift.
    public var simulations = 1000
    /// Length of each stable history used to count false alarms, and how many there are.
    public var stableRuns = 100
    public var stableSeries = 200
    public var seed: UInt64 = 7
    public var minimumShift = DriftCheck.defaultMinimumQualityShift

    public init() {}

    /// How soon a shift of one size was alarmed.
    public struct Delay: Sendable, Hashable {
        public let shift: Double
        /// Share of histories alarmed on the first shifted run, by the second, and within `watchRuns`.
        public let firstRunShare: Double
        public let withinTwoShare: Double
        public let detectedShare: Double
        /// Mean delay in runs (1 = the first shifted run) over the histories where it was detected.
        public let meanDelay: Double
    }

    public struct Outcome: Sendable {
        public let falseAlarms: Int
        public let monitoredRuns: Int
        public let delays: [Delay]

        public var falseAlarmsPer100Runs: Double { 100 * Double(falseAlarms) / Double(max(1, monitoredRuns)) }
        /// 95% interval of the false-alarm rate per 100 runs (Wilson).
        public var falseAlarmInterval: ConfidenceInterval {
            let n = Double(max(1, monitoredRuns)), p = Double(falseAlarms) / n, z = 1.959964
            let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
            return ConfidenceInterval(lower: 100 * max(0, centre - half), upper: 100 * min(1, centre + half))
        }
    }

    public var standardError: Double { (passRate * (1 - passRate) / Double(cases)).squareRoot() }

    public func run() -> Outcome {
        var random = SeededRandom(seed: seed)
        let detector = DriftDetector(minimumShift: minimumShift)
        var falseAlarms = 0, monitored = 0
        for _ in 0..<stableSeries {
            let values = (0..<stableRuns).map { _ in night(passRate, &random) }
            for nights in (detector.referenceRuns + 1)...values.count {
                monitored += 1
                if alarmsOnNewest(detector, Array(values.prefix(nights))) != nil { falseAlarms += 1 }
            }
        }
        let delays = shifts.map { shift in
            var delays: [Int] = []
            for _ in 0..<simulations {
                var values = (0..<historyRuns).map { _ in night(passRate, &random) }
                let shifted = max(0, passRate - shift * standardError)
                for delay in 1...watchRuns {
                    values.append(night(shifted, &random))
                    if let finding = alarmsOnNewest(detector, values), finding.direction == .down,
                       (finding.changeIndex ?? 0) >= historyRuns - 1 {
                        delays.append(delay)
                        break
                    }
                }
            }
            let count = Double(simulations)
            return Delay(shift: shift,
                         firstRunShare: Double(delays.count { $0 == 1 }) / count,
                         withinTwoShare: Double(delays.count { $0 <= 2 }) / count,
                         detectedShare: Double(delays.count) / count,
                         meanDelay: delays.isEmpty ? .nan : Double(delays.reduce(0, +)) / Double(delays.count))
        }
        return Outcome(falseAlarms: falseAlarms, monitoredRuns: monitored, delays: delays)
    }

    /// One night's pass rate: `cases` independent draws.
    private func night(_ probability: Double, _ random: inout SeededRandom) -> Double {
        var passed = 0
        for _ in 0..<cases where random.unitInterval() < probability { passed += 1 }
        return Double(passed) / Double(cases)
    }

    /// The finding when the newest run raised an alarm (what `drift` reports as new that night), else nil.
    private func alarmsOnNewest(_ detector: DriftDetector, _ values: [Double]) -> DriftFinding? {
        let finding = detector.detect(values.map { $0 }, runNames: values.indices.map(String.init),
                                      sampling: values.map { _ in .proportion(trials: cases) })
        return finding.drifted && finding.alarmIndex == values.count - 1 ? finding : nil
    }
}
