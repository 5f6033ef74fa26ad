/// Finds a sustained shift in a per-run series (a pass rate, a mean score, a latency p50, a cost per case) from the
/// history alone, and says where it started; one noisy night is not a shift.
///
/// ```swift
/// let detector = DriftDetector(minimumShift: 0.02)          // pass rate: two points are worth an alarm
/// let finding = detector.detect(runs.map(\.passRate), runNames: runs.map { "#\($0.id)" })   // oldest first; nil: no value
/// if finding.drifted { console.warn(finding.summary) }
/// ```
///
/// **Method.** A two-sided tabular CUSUM (Montgomery, *Introduction to Statistical Quality Control*, §9.1) on
/// self-starting scores (Hawkins 1987; see `SelfStartingCUSUM`): each run after the first `baselineRuns` is judged
/// against the mean and standard deviation of the runs before it, C⁺ = max(0, C⁺ + z − k), C⁻ = max(0, C⁻ − z − k),
/// and an alarm fires when either exceeds h. Textbook CUSUM plugs in μ₀ and σ from the baseline runs instead; with 5
/// of them the estimation error alone (μ₀ off by 0.45σ on average, σ from 4 moving ranges off by a third) made 41% of
/// flat 30-run series alarm in simulation. Self-starting scores are exactly standard normal while nothing changes, so
/// the in-control run length stays at the textbook 465 (h = 5σ, k = 0.5σ): about 4% of flat 30-run series alarm.
/// Only earlier runs of the current level enter the reference, so the shift cannot inflate σ and hide itself, except
/// through the few runs between the change and the alarm. The price is power early on: a 3σ shift right after the 5
/// baseline runs takes ~8 runs to alarm (13% not within 24), against ~3 once 20 runs of history are in.
///
/// **Noise floor.** σ is never taken below `minimumShift / 2`, so a perfectly flat history does not alarm on a 0.1%
/// wiggle. With h = 5, k = 0.5 a sustained shift of 1σ is caught in ~10 runs on average and 2σ in ~4, so a shift of
/// `minimumShift` (at least 2σ) is caught within a few nights, half of it in about ten, and a quarter of it (0.5σ,
/// right at k) not at all on a history quieter than the floor.
///
/// **Where and which.** After an alarm the change point is the least-squares split of the level (`StepChange`),
/// not the CUSUM's last reset, which tends to be early. The detector then starts again from the change point, with
/// the new level as the baseline, and reports the most recent shift (earlier ones in
/// ``DriftFinding/earlierChangeIndices``): a nightly job passes a rolling history, and the first alarm would keep
/// pointing at a shift already dealt with and hide a later one, such as the recovery after a fix.
///
/// **Single nights.** A 2σ dip that recovers next night does not alarm. A single run more than about 5.5σ away (a bit
/// more while the history is short) alarms on its own: a jump that large is news. Runs without a value (nil) and
/// non-finite values are skipped; every index in the finding still refers to the input array.
public struct DriftDetector: Sendable {
    /// How ``DriftFinding/summary`` writes amounts.
    public enum Units: Sendable, Hashable {
        /// A rate or score on 0…1: a shift of 0.12 reads "12.0 points".
        case fraction
        /// Any other measure, named by its unit, e.g. `.measure("ms")`: shifts read "70 ms (+8.3%)".
        case measure(String)
    }

    /// Runs that establish the in-control level and noise before any alarm can fire (values below 2 act as 2).
    public var baselineRuns = 5
    /// CUSUM reference value k, in noise standard deviations: half the shift the chart is tuned to catch fastest.
    public var slack = 0.5
    /// CUSUM decision interval h, in noise standard deviations.
    public var threshold = 5.0
    /// The smallest shift worth an alarm, in the series' units (0.02 for a pass rate); σ never goes below half of it.
    public var minimumShift: Double
    public var units = Units.fraction

    public init(minimumShift: Double) {
        precondition(minimumShift >= 0 && minimumShift.isFinite, "minimumShift must be finite and ≥ 0, got \(minimumShift)")
        self.minimumShift = minimumShift
    }

    /// The smallest noise standard deviation used.
    var noiseFloor: Double { minimumShift / 2 }

    /// Runs needed before the first run can be judged.
    var referenceRuns: Int { max(baselineRuns, 2) }

    /// Examines `values`, oldest first; nil (or non-finite) marks a run without a value. The summary names runs by
    /// their index in `values`.
    public func detect(_ values: [Double?]) -> DriftFinding {
        detect(values, runName: { String($0) })
    }

    /// Like ``detect(_:)``, but the summary names runs as the caller does (e.g. by run id), one name per value.
    public func detect(_ values: [Double?], runNames: [String]) -> DriftFinding {
        precondition(runNames.count == values.count, "\(runNames.count) run names for \(values.count) values")
        return detect(values, runName: { runNames[$0] })
    }

    private func detect(_ values: [Double?], runName: (Int) -> String) -> DriftFinding {
        let observed = values.enumerated().compactMap { index, value in
            value.flatMap { $0.isFinite ? (index: index, value: $0) : nil }
        }
        let series = observed.map(\.value)
        let inputIndex = observed.map(\.index)
        guard series.count > referenceRuns else { return tooFewRuns(series) }

        let cusum = SelfStartingCUSUM(referenceRuns: referenceRuns, slack: slack, threshold: threshold, noiseFloor: noiseFloor)
        var shifts: [(start: Int, change: Int, alarm: SelfStartingCUSUM.Alarm)] = []
        var start = 0
        while let alarm = cusum.firstAlarm(in: series, from: start) {
            let change = StepChange.position(
                in: series,
                range: start..<series.count,
                candidates: (start + 1)...alarm.position,
                direction: alarm.direction
            ) ?? alarm.excursionStart
            shifts.append((start, change, alarm))
            start = change
        }

        // A shift whose two levels differ by less than `minimumShift` is not worth an alarm: typically one bad night
        // that the CUSUM saw as a step. The most recent shift that is big enough is the one reported.
        let segmentEnds = shifts.dropFirst().map(\.change) + [series.count]
        let sizeable = zip(shifts, segmentEnds).filter { shift, end in
            abs(Self.mean(series[shift.change..<end]) - Self.mean(series[shift.start..<shift.change])) >= minimumShift
        }.map(\.0)
        shifts = sizeable
        guard let last = shifts.last else {
            let noise = max(Self.standardDeviation(series[...]), noiseFloor)
            return DriftFinding(
                drifted: false,
                levelBefore: Self.mean(series[...]),
                noise: noise,
                runsUsed: series.count,
                summary: steadySummary(runs: series.count, level: Self.mean(series[...]), noise: noise)
            )
        }
        let before = series[last.start..<last.change]
        let after = series[last.change...]
        let pooledSquares = Self.sumOfSquares(before) + Self.sumOfSquares(after)
        let pooled = series.count - last.start > 2 ? (pooledSquares / Double(series.count - last.start - 2)).squareRoot() : 0
        var finding = DriftFinding(
            drifted: true,
            direction: last.alarm.direction,
            changeIndex: inputIndex[last.change],
            alarmIndex: inputIndex[last.alarm.position],
            levelBefore: Self.mean(before),
            levelAfter: Self.mean(after),
            noise: max(pooled, noiseFloor),
            runsUsed: series.count,
            earlierChangeIndices: shifts.dropLast().map { inputIndex[$0.change] },
            summary: ""
        )
        finding.summary = shiftSummary(finding, runName: runName)
        return finding
    }

    private func tooFewRuns(_ series: [Double]) -> DriftFinding {
        DriftFinding(
            drifted: false,
            levelBefore: series.isEmpty ? nil : Self.mean(series[...]),
            noise: max(Self.standardDeviation(series[...]), noiseFloor),
            runsUsed: series.count,
            summary: tooFewRunsSummary(runs: series.count)
        )
    }

    static func mean(_ values: ArraySlice<Double>) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    static func sumOfSquares(_ values: ArraySlice<Double>) -> Double {
        let center = mean(values)
        return values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
    }

    /// The n − 1 standard deviation; 0 for fewer than two values, which leaves the floor to decide.
    static func standardDeviation(_ values: ArraySlice<Double>) -> Double {
        values.count > 1 ? (sumOfSquares(values) / Double(values.count - 1)).squareRoot() : 0
    }
}
