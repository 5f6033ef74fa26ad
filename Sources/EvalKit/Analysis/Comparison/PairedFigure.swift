/// One figure (pass rate or mean score, on 0…1) in both runs over the same cases, with bootstrap intervals.
public struct PairedFigure: Sendable, Hashable {
    public var baseline: Double
    public var candidate: Double
    /// 95% percentile-bootstrap intervals over cases; `difference` is candidate − baseline, resampled in pairs.
    public var intervals: PairedBootstrap.Intervals

    public var difference: Double { candidate - baseline }

    /// Means and paired intervals of per-case values.
    init(baseline: [Double], candidate: [Double], resamples: Int, seed: UInt64) {
        self.baseline = Self.mean(baseline)
        self.candidate = Self.mean(candidate)
        intervals = PairedBootstrap.intervals(baseline: baseline, candidate: candidate, resamples: resamples, seed: seed)
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
