/// The nightly drift check: a CUSUM `DriftDetector` over every eval set × prompt × backend × scorer series (and
/// latency, completion tokens and cost per case), with what changed around each shift.
///
/// Quality series are on 0…1 and alarm on shifts of at least `minimumQualityShift`; latency, tokens and cost alarm on
/// relative shifts (of their level in the first runs), since their units differ.
public struct DriftCheck: Sendable {
    public enum Unit: String, Sendable {
        case fraction, milliseconds, tokens, dollars
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

        /// The run the new level starts at.
        public var changeRunID: Int64? { finding.changeIndex.map { runIDs[$0] } }
        /// Is this a quality series (from a scorer)?
        public var isQuality: Bool { unit == .fraction }
    }

    public let series: [Series]
    public var drifted: [Series] { series.filter(\.finding.drifted) }

    /// Relative shifts worth an alarm for the operational series.
    public static let relativeShifts: [Unit: Double] = [.milliseconds: 0.2, .tokens: 0.15, .dollars: 0.1]

    public init(history: RunHistory, minimumQualityShift: Double = 0.02) {
        var series: [Series] = []
        for suite in history.suites {
            let runIDs = suite.points.map(\.runID)
            func add(_ metric: String, _ unit: Unit, _ values: [Double?]) {
                guard values.contains(where: { $0 != nil }) else { return }
                var detector = DriftDetector(minimumShift: unit == .fraction ? minimumQualityShift : Self.relativeShift(values, unit: unit))
                detector.units = switch unit {
                case .fraction: .fraction
                case .milliseconds: .measure("ms")
                case .tokens: .measure("tokens")
                case .dollars: .measure("US$")
                }
                let finding = detector.detect(values, runNames: runIDs.map { "run \($0)" })
                let causes = finding.drifted ? Self.causes(around: finding.changeIndex, in: suite, history: history) : []
                series.append(Series(suite: suite.key, metric: metric, unit: unit, values: values, runIDs: runIDs,
                                     finding: finding, causes: causes))
            }
            for name in suite.scorerNames {
                let points = suite.points.map { $0.scorers[name] }
                let continuous = points.contains { $0?.scale.kind == .continuous }
                add("\(name) \(continuous ? "mean score" : "pass rate")", .fraction, points.map { $0?.tested })
            }
            add("latency p50", .milliseconds, suite.points.map { $0.latency?.p50 })
            add("completion tokens per case", .tokens, suite.points.map(\.completionTokensPerResult))
            add("cost per case", .dollars, suite.points.map(\.costPerResult))
        }
        self.series = series
    }

    /// `relativeShifts[unit]` of the level of the first runs (their median), with a floor so a zero level works.
    static func relativeShift(_ values: [Double?], unit: Unit) -> Double {
        let first = values.compactMap { $0 }.prefix(5).sorted()
        let level = first.isEmpty ? 0 : first[first.count / 2]
        return max((relativeShifts[unit] ?? 0.1) * abs(level), 1e-9)
    }

    /// What differs between consecutive runs within one run of the estimated change point.
    static func causes(around index: Int?, in suite: SuiteHistory, history: RunHistory) -> [String] {
        guard let index, index > 0 else { return [] }
        let runs = Dictionary(uniqueKeysWithValues: history.runs.map { ($0.run.id!, $0.run) })
        var causes: [String] = []
        for later in max(1, index - 1)...min(suite.points.count - 1, index + 1) {
            let before = suite.points[later - 1], after = suite.points[later]
            var what = SuiteHistory.differences(before, after)
            if let old = runs[before.runID], let new = runs[after.runID] {
                if old.evalctlVersion != new.evalctlVersion { what.append("evalctl \(old.evalctlVersion) → \(new.evalctlVersion)") }
                if old.configHash != new.configHash { what.append("backend config changed") }
            }
            causes += what.map { "\($0) (run \(before.runID) → \(after.runID))" }
        }
        return causes
    }
}
