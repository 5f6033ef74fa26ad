/// One nightly time series to watch, e.g. the pass rate of eval set × prompt × backend, oldest run first.
///
/// Only the name and the values: the caller keeps the run ids to map ``DriftFinding`` indices back and attribute
/// causes.
/// ```swift
/// let series = DriftSeries(name: "qa/v3/gpt-4o pass rate", values: runs.map(\.passRate))
/// let finding = DriftDetector(minimumShift: 0.02).detect(series)
/// ```
public struct DriftSeries: Sendable, Hashable {
    public var name: String
    /// One value per run; nil for a run without one (it is skipped, indices still count it).
    public var values: [Double?]

    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}

extension DriftDetector {
    public func detect(_ series: DriftSeries) -> DriftFinding {
        detect(series.values)
    }
}
