import Foundation

/// The nightly drift check: a CUSUM `DriftDetector` over every eval set × prompt × backend × scorer series (and
/// latency, completion tokens and cost per case), with what changed around each shift.
///
/// Quality series are on 0…1 and alarm on shifts of at least `minimumQualityShift`, judged with each run's own sampling
/// error (a pass rate over n cases, a mean of n scores); latency, tokens and cost alarm on relative shifts (of their
/// level in the first runs), since their units differ, with the noise taken from the history.
///
/// Whether a shift is new is decided by record, not by position: `delivered` is the alert ledger (the shifts earlier
/// `drift` runs reported), and a shift stays new until it is in it.
public struct DriftCheck: Sendable {
    public enum Unit: String, Sendable {
        case fraction, milliseconds, tokens, dollars
    }

    /// Where a series stands.
    public enum Status: String, Sendable {
        /// A shift no `drift` run has delivered yet: what a nightly job alerts on (exit 1).
        case drift
        /// A shift an earlier `drift` run delivered, still in place: reported, not alerted on again.
        case ongoing
        case stable
        /// Fewer runs than the detector needs to judge.
        case tooFewRuns = "too_few_runs"
    }

    /// One series and the detector's finding on it.
    public struct Series: Sendable {
        public let suite: SuiteKey
        /// e.g. `exact pass rate`, `bleu mean score`, `latency p50`.
        public let metric: String
        public let unit: Unit
        /// Aligned with `runIDs`; nil where the run has no value.
        public let values: [Double?]
        public let runIDs: [Int64]
        public let finding: DriftFinding
        /// What changed around the shift: model id, fingerprint, eval set or prompt content, evalctl or config.
        public let causes: [String]
        public let status: Status
        /// For an ongoing shift, the ledger entry that delivered it.
        public let delivered: DriftAlert?

        /// The run the new level starts at.
        public var changeRunID: Int64? { finding.changeIndex.map { runIDs[$0] } }
    }

    public let series: [Series]
    /// Every series with a shift, new or ongoing.
    public var drifted: [Series] { series.filter(\.finding.drifted) }
    /// Shifts not delivered yet: `evalctl drift` exits 1 on these (and records them, unless `--dry-run`).
    public var alerts: [Series] { series.filter { $0.status == .drift } }
    public var tooFewRuns: [Series] { series.filter { $0.status == .tooFewRuns } }

    /// Relative shifts worth an alarm for the operational series.
    public static let relativeShifts: [Unit: Double] = [.milliseconds: 0.2, .tokens: 0.15, .dollars: 0.1]

    /// Two points of pass rate (or of a mean score on 0…1).
    public static let defaultMinimumQualityShift = 0.02

    public init(history: RunHistory, minimumQualityShift: Double = DriftCheck.defaultMinimumQualityShift,
                delivered: [DriftAlert] = []) {
        var series: [Series] = []
        let ledger = Dictionary(grouping: delivered) { SeriesKey(suite: $0.suite, metric: $0.metric) }
        for suite in history.suites {
            let runIDs = suite.points.map(\.runID)
            func add(_ metric: String, _ unit: Unit, _ values: [Double?], sampling: [RunSampling?]? = nil) {
                guard values.contains(where: { $0 != nil }) else { return }
                var detector = DriftDetector(minimumShift: unit == .fraction ? minimumQualityShift : Self.relativeShift(values, unit: unit))
                detector.units = switch unit {
                case .fraction: .fraction
                case .milliseconds: .measure("ms")
                case .tokens: .measure("tokens")
                case .dollars: .measure("US$")
                }
                let finding = if let sampling {
                    detector.detect(values, runNames: runIDs.map(String.init), sampling: sampling)
                } else {
                    detector.detect(values, runNames: runIDs.map(String.init))
                }
                let causes = finding.drifted ? Self.causes(around: finding.changeIndex, in: suite, history: history) : []
                let match = finding.drifted
                    ? Self.delivery(of: finding, runIDs: runIDs, in: ledger[SeriesKey(suite: suite.key, metric: metric)] ?? []) : nil
                let status: Status = if finding.drifted {
                    match == nil ? .drift : .ongoing
                } else {
                    finding.runsUsed > detector.baselineRuns ? .stable : .tooFewRuns
                }
                series.append(Series(suite: suite.key, metric: metric, unit: unit, values: values, runIDs: runIDs,
                                     finding: finding, causes: causes, status: status, delivered: match))
            }
            for name in suite.scorerNames {
                let points = suite.points.map { $0.scorers[name] }
                let continuous = points.contains { $0?.scale.kind == .continuous }
                add("\(name) \(continuous ? "mean score" : "pass rate")", .fraction, points.map { $0?.tested },
                    sampling: points.map { point in
                        point.map { continuous ? .mean(standardDeviation: $0.standardDeviation, count: $0.count) : .proportion(trials: $0.count) }
                    })
            }
            // A backend that is down answers nothing to score: its error rate is what moves.
            add("error rate", .fraction, suite.points.map { $0.results > 0 ? Double($0.errors) / Double($0.results) : nil },
                sampling: suite.points.map { .proportion(trials: $0.results) })
            add("latency p50", .milliseconds, suite.points.map { $0.latency?.p50 })
            add("completion tokens per case", .tokens, suite.points.map(\.completionTokensPerResult))
            add("cost per case", .dollars, suite.points.map(\.costPerResult))
        }
        self.series = series
    }

    /// The ledger entries for a series, grouped by series.
    struct SeriesKey: Hashable {
        let suite: SuiteKey
        let metric: String
    }

    /// The ledger entry that already delivered `finding`'s shift: same direction, with its change point after the start
    /// of the level the shift left (so no other shift lies between), since later runs can move the estimated change
    /// point a run or two.
    static func delivery(of finding: DriftFinding, runIDs: [Int64], in delivered: [DriftAlert]) -> DriftAlert? {
        guard let direction = finding.direction, finding.changeIndex != nil, let first = runIDs.first else { return nil }
        // The level the shift left starts at the previous shift's change point, else at the first run in range.
        let after: (Int64) -> Bool = if let start = finding.earlierChangeIndices.last.map({ runIDs[$0] }) {
            { $0 > start }
        } else {
            { $0 >= first }
        }
        return delivered.last { $0.direction == direction && after($0.changeRunID) }
    }

    /// The ledger entries to record for the shifts this check found new, delivered at `date`.
    public func newAlerts(at date: Date) -> [DriftAlert] {
        alerts.compactMap { series in
            guard let direction = series.finding.direction, let change = series.changeRunID,
                  let alarm = series.finding.alarmIndex.map({ series.runIDs[$0] }) else { return nil }
            return DriftAlert(suite: series.suite, metric: series.metric, direction: direction, changeRunID: change,
                              alarmRunID: alarm, deliveredAt: date, summary: series.finding.summary)
        }
    }

    /// `relativeShifts[unit]` of the level of the first runs (their median), with a floor so a zero level works.
    static func relativeShift(_ values: [Double?], unit: Unit) -> Double {
        let first = values.compactMap { $0 }.prefix(5).sorted()
        let level = first.isEmpty ? 0 : first[first.count / 2]
        return max((relativeShifts[unit] ?? 0.1) * abs(level), 1e-9)
    }

    /// What differs between consecutive runs within one run of the estimated change point: the same list of recorded
    /// causes compare's notes and the HTML report use (``ChangeAttribution``).
    static func causes(around index: Int?, in suite: SuiteHistory, history: RunHistory) -> [String] {
        guard let index, index > 0 else { return [] }
        var causes: [String] = []
        for later in max(1, index - 1)...min(suite.points.count - 1, index + 1) {
            let before = suite.points[later - 1], after = suite.points[later]
            causes += ChangeAttribution.causes(from: before, to: after).map { "\($0.description) (run \(before.runID) → \(after.runID))" }
        }
        return causes
    }
}
