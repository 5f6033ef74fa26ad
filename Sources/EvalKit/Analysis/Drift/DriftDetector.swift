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
/// measured by simulation are in docs/report-and-drift.md, "How drift is detected: the method".
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
    /// For series with a known sampling error (``detect(_:runNames:sampling:)``): a single run further than this many
    /// standard errors from the reference level alarms at once.
    public var singleRunLimit = 2.75
    /// For series with a known sampling error: the CUSUM's decision interval h, in standard errors.
    public var samplingThreshold = 6.0
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
        return detect(values, sampling: nil, runName: { runNames[$0] })
    }

    /// Like ``detect(_:runNames:)`` for a series whose runs know their sampling error (one ``RunSampling`` per value):
    /// each run is judged in standard errors that combine its own sampling error with the history's excess noise, so
    /// a shift of four standard errors usually alarms on the first run after it. A run without a sampling figure (nil,
    /// or no outcomes) counts as a run without a value.
    public func detect(_ values: [Double?], runNames: [String], sampling: [RunSampling?]) -> DriftFinding {
        precondition(runNames.count == values.count && sampling.count == values.count,
                     "\(runNames.count) run names and \(sampling.count) sampling figures for \(values.count) values")
        let kept = zip(values, sampling).map { value, sampling in (sampling?.count ?? 0) > 0 ? value : nil }
        return detect(kept, sampling: sampling, runName: { runNames[$0] })
    }

    private func detect(_ values: [Double?], runName: (Int) -> String) -> DriftFinding {
        detect(values, sampling: nil, runName: runName)
    }

    private func detect(_ values: [Double?], sampling: [RunSampling?]?, runName: (Int) -> String) -> DriftFinding {
        var observed = values.enumerated().compactMap { index, value in
            value.flatMap { $0.isFinite ? (index: index, value: $0) : nil }
        }
        let cusum = SelfStartingCUSUM(referenceRuns: referenceRuns, slack: slack, threshold: threshold, noiseFloor: noiseFloor)
        let chart = SamplingControlChart(referenceRuns: referenceRuns, singleRunLimit: singleRunLimit, slack: slack,
                                         threshold: samplingThreshold, noiseFloor: noiseFloor)
        var outliers: [Int] = []
        var series: [Double], inputIndex: [Int]
        var shifts: [(start: Int, change: Int, alarm: SelfStartingCUSUM.Alarm)]
        // A single run beyond the limit whose next run is back near the old level was one bad night, not a new level:
        // it is set aside (neither judged nor part of any reference) and the scan starts again without it, so it
        // cannot become the start of a "level" that swallows a real shift a few nights later.
        scan: while true {
            series = observed.map(\.value)
            inputIndex = observed.map(\.index)
            guard series.count > referenceRuns else { return tooFewRuns(series) }
            let runSampling = sampling.map { all in observed.map { all[$0.index]! } }
            func firstAlarm(from start: Int) -> SelfStartingCUSUM.Alarm? {
                if let runSampling { return chart.firstAlarm(in: series, sampling: runSampling, from: start) }
                return cusum.firstAlarm(in: series, from: start)
            }
            shifts = []
            var start = 0
            while let alarm = firstAlarm(from: start) {
                if alarm.singleRun, alarm.position + 1 < series.count {
                    let level = Self.mean(series[start..<alarm.position]), next = series[alarm.position + 1]
                    if abs(next - level) < abs(next - series[alarm.position]) {
                        outliers.append(inputIndex[alarm.position])
                        observed.remove(at: alarm.position)
                        continue scan
                    }
                }
                let change = StepChange.position(
                    in: series,
                    range: start..<series.count,
                    candidates: (start + 1)...alarm.position,
                    direction: alarm.direction
                ) ?? alarm.excursionStart
                shifts.append((start, change, alarm))
                start = change
            }
            break
        }
        let sampled = sampling != nil

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
                summary: steadySummary(runs: series.count, level: Self.mean(series[...]), noise: noise, sampled: sampled, outliers: outliers.sorted().map(runName))
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
        finding.summary = shiftSummary(finding, sampled: sampled, outliers: outliers.sorted().map(runName), runName: runName)
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
