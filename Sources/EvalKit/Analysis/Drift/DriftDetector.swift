/// Finds a sustained shift in a per-run series (a pass rate, a mean score, a latency p50, a cost per case) from the
/// history alone, and says where it started; one noisy night is not a shift.
///
/// ```swift
/// let detector = DriftDetector(minimumShift: 0.02)          // pass rate: two points are worth an alarm
/// let finding = detector.detect(runs.map(\.passRate), runNames: runs.map { "#\($0.id)" })   // oldest first; nil: no value
/// if finding.drifted { console.warn(finding.summary) }
/// ```
///
/// The method (a self-starting two-sided CUSUM), its noise floor, how the change point is placed and the run lengths
/// measured by simulation are in docs/report-and-drift.md, "How drift is detected".
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
