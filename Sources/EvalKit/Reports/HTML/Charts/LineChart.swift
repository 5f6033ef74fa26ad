/// A line chart of one or more series over a sequence of runs, rendered as self-contained SVG.
///
/// Use it for drift over time: pass rate per run with its confidence band, p50/p95 latency,
/// cost per run. The x axis is the run's position (0, 1, 2, …) with one label per run (a date
/// such as `11-24` or a run id); labels are thinned when there are too many to read. The SVG
/// needs no script, font or stylesheet: tooltips are SVG `<title>` elements and point links are
/// in-page `<a href="#…">`, so the report works when opened from disk and prints well.
/// Every string from the caller is escaped with `HTMLText`.
///
/// ```swift
/// var chart = LineChart(
///     xLabels: runs.map(\.dateLabel),
///     series: [ChartSeries(name: "pass rate", points: runs.map {
///         ChartPoint($0.passRate, band: $0.interval, link: HTMLFragmentID("run-\($0.id)"))
///     })],
///     markers: [ChartMarker(at: 19.5, label: "model changed")],
///     yAxis: .fixed(0...1),
///     valueFormat: .percent
/// )
/// chart.summary = "Pass rate of world-facts over the last 30 runs"
/// let markup = chart.svg()   // <svg …>…</svg>, ready to put inside a <figure>
/// ```
public struct LineChart: Sendable {
    /// How the y axis chooses its range.
    public enum YAxis: Sendable, Equatable {
        /// From the data (values and bands), extended to round ticks.
        case automatic
        /// From zero to the data's maximum, extended to a round tick; for latencies, costs, counts.
        case fromZero
        /// Exactly this range, such as `0...1` for a pass rate; values outside it are drawn at the edge.
        case fixed(ClosedRange<Double>)
    }

    /// One label per x position, such as `"11-24"` or a run id; escaped, and shortened when long.
    public var xLabels: [String]
    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    public var yAxis: YAxis
    public var valueFormat: ChartValueFormat
    /// A caption under the x axis, such as `"run (date)"`.
    public var xAxisTitle: String?
    /// A caption along the y axis, such as `"pass rate"` or `"latency (ms)"`.
    public var yAxisTitle: String?
    /// What the chart shows, for screen readers (`aria-label`).
    public var summary: String
    /// The size of the SVG's coordinate system. The SVG scales to its container's width, so this
    /// sets the aspect ratio and the size at which text is 12 units high.
    public var width: Double
    public var height: Double
    /// Where the plot area starts at the least, in SVG units: give charts stacked in one column the same value so
    /// the same run sits at the same x in each.
    public var minimumPlotLeft: Double = 0

    public init(
        xLabels: [String],
        series: [ChartSeries],
        markers: [ChartMarker] = [],
        yAxis: YAxis = .automatic,
        valueFormat: ChartValueFormat = .number,
        xAxisTitle: String? = nil,
        yAxisTitle: String? = nil,
        summary: String = "Line chart",
        width: Double = 800,
        height: Double = 300
    ) {
        self.xLabels = xLabels
        self.series = series
        self.markers = markers
        self.yAxis = yAxis
        self.valueFormat = valueFormat
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.summary = summary
        self.width = width
        self.height = height
    }

    /// The number of x positions: the longest of the labels and the series.
    var positionCount: Int {
        max(xLabels.count, series.map(\.points.count).max() ?? 0)
    }

    /// The y scale for the current data and `yAxis` setting.
    var yScale: AxisScale {
        // About one tick per 30 units of height keeps labels apart on short charts.
        let maximumTicks = min(max(Int((height - 80) / 30), 3), 8)
        if case .fixed(let range) = yAxis { return AxisScale(within: range, maximumTickCount: maximumTicks) }
        var values: [Double] = []
        for point in series.flatMap(\.points) {
            if let value = point.drawableValue { values.append(value) }
            if let band = point.drawableBand { values += [band.lowerBound, band.upperBound] }
        }
        guard var low = values.min(), var high = values.max() else {
            return AxisScale(covering: 0...1, maximumTickCount: maximumTicks)
        }
        if yAxis == .fromZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        return AxisScale(covering: low...high, maximumTickCount: maximumTicks)
    }
}
