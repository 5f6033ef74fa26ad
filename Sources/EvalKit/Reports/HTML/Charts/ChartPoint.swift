/// One value of a chart series at one position on the x axis (usually one run).
///
/// A point without a value is a gap: the line breaks there instead of jumping over a missing run.
///
/// ```swift
/// ChartPoint(0.82, band: 0.75...0.88, link: HTMLFragmentID("run-\(run.id)"),
///            tooltip: "run \(run.id): 82% (95% CI 75–88%)")
/// ChartPoint.gap
/// ```
public struct ChartPoint: Sendable, Equatable {
    /// The y value; `nil`, NaN or infinity make this point a gap.
    public var value: Double?
    /// A range drawn as a translucent area around the line, such as a confidence interval.
    public var band: ClosedRange<Double>?
    /// A section of the same page that the point's marker links to.
    public var link: HTMLFragmentID?
    /// Text shown when the pointer rests on the point; the chart writes one when `nil`.
    /// Any text is fine: it is escaped.
    public var tooltip: String?

    public init(_ value: Double?, band: ClosedRange<Double>? = nil, link: HTMLFragmentID? = nil, tooltip: String? = nil) {
        self.value = value
        self.band = band
        self.link = link
        self.tooltip = tooltip
    }

    /// A missing value.
    public static let gap = ChartPoint(nil)

    /// The value if it can be drawn.
    var drawableValue: Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// The band if both ends can be drawn.
    var drawableBand: ClosedRange<Double>? {
        guard let band, band.lowerBound.isFinite, band.upperBound.isFinite else { return nil }
        return band
    }
}
