/// Where everything on a `LineChart` goes: margins, the plot area, which x labels are shown,
/// which row each marker label takes and where legend entries sit.
///
/// Kept apart from drawing so the geometry rules (thinning, stacking, wrapping) can be read and
/// tested on their own.
struct LineChartLayout {
    static let fontSize = 12.0
    static let markerFontSize = 11.0
    static let xLabelLimit = 14
    static let markerLabelLimit = 32
    static let legendNameLimit = 40
    static let maximumMarkerRows = 4
    static let markerRowHeight = 15.0
    static let legendRowHeight = 18.0
    static let legendSwatchWidth = 30.0
    /// Space between the first and last point and the plot's edges, so markers are not cut.
    static let xPadding = 10.0

    /// A marker's line and label: the label's text, baseline and which side of the line it sits
    /// on, or no label when too many crowd together (the line's tooltip still names it).
    struct MarkerLabel {
        let marker: ChartMarker
        let x: Double
        let text: String?
        let baseline: Double
        let isLeftOfLine: Bool
    }

    /// A legend entry: the series index and the left end of its swatch, on a text baseline.
    struct LegendEntry {
        let seriesIndex: Int
        let x: Double
        let baseline: Double
    }

    let width: Double
    let height: Double
    let plotLeft: Double
    let plotRight: Double
    let plotTop: Double
    let plotBottom: Double
    let scale: AxisScale
    let positionCount: Int
    let yTickLabels: [String]
    /// Indices of the x positions whose label is drawn.
    let labeledPositions: [Int]
    let markerLabels: [MarkerLabel]
    let legend: [LegendEntry]
    let xAxisTitleBaseline: Double

    init(chart: LineChart) {
        let font = Self.fontSize
        width = chart.width
        height = chart.height
        scale = chart.yScale
        positionCount = chart.positionCount
        let scale = scale
        yTickLabels = scale.ticks.map { chart.valueFormat.string($0, decimals: scale.decimals) }

        let yLabelWidth = yTickLabels.map { ChartTextMetrics.width($0, fontSize: font) }.max() ?? 0
        let xLabelHalf = (chart.xLabels.map { Self.xLabel($0) }.map { ChartTextMetrics.width($0, fontSize: font) }.max() ?? 0) / 2
        let yTitleRoom = chart.yAxisTitle == nil ? 0 : font + 10
        plotLeft = max(8 + yTitleRoom + yLabelWidth + 8, xLabelHalf + 4 - Self.xPadding, chart.minimumPlotLeft)
        plotRight = width - max(16, xLabelHalf + 4 - Self.xPadding)

        let spacing = positionCount > 1 ? (plotRight - plotLeft - 2 * Self.xPadding) / Double(positionCount - 1) : .infinity
        let every = Self.niceStride(atLeast: (2 * xLabelHalf + 14) / spacing)
        labeledPositions = Array(Swift.stride(from: 0, to: positionCount, by: every))

        let (left, right, count) = (plotLeft, plotRight, positionCount)
        let (labels, rows) = Self.stackMarkerLabels(chart.markers, width: width) { position in
            Self.x(position, count: count, left: left, right: right)
        }
        markerLabels = labels
        plotTop = 12 + Double(rows) * Self.markerRowHeight

        let (entries, legendRows) = Self.wrapLegend(chart.series, left: plotLeft, right: width - 16)
        var bottom = height - 8 - Double(legendRows) * Self.legendRowHeight
        xAxisTitleBaseline = bottom - 4
        if chart.xAxisTitle != nil { bottom -= font + 8 }
        plotBottom = bottom - font - 12
        let legendTop = height - 8 - Double(legendRows) * Self.legendRowHeight
        legend = entries.map { LegendEntry(seriesIndex: $0.seriesIndex, x: $0.x, baseline: legendTop + $0.baseline) }
    }

    /// The horizontal centre of x position `position` (fractional positions lie between runs).
    func x(_ position: Double) -> Double {
        Self.x(position, count: positionCount, left: plotLeft, right: plotRight)
    }

    /// The vertical position of `value`, clamped to the plot so out-of-range values sit on its edge.
    func y(_ value: Double) -> Double {
        let fraction = min(max(scale.fraction(of: value), 0), 1)
        return plotBottom - fraction * (plotBottom - plotTop)
    }

    /// Distance between neighbouring x positions.
    var spacing: Double {
        positionCount > 1 ? (plotRight - plotLeft - 2 * Self.xPadding) / Double(positionCount - 1) : plotRight - plotLeft
    }

    /// The x label as drawn: shortened to a length that thinning can plan for, keeping both ends
    /// because run ids often differ only at the end.
    static func xLabel(_ label: String) -> String {
        ChartTextMetrics.truncatedInMiddle(label, to: xLabelLimit)
    }

    /// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `ratio`, so shown labels fall on round run numbers.
    static func niceStride(atLeast ratio: Double) -> Int {
        guard ratio.isFinite, ratio > 1 else { return 1 }
        var base = 1
        while true {
            for multiple in [1, 2, 5] where Double(multiple * base) >= ratio {
                return multiple * base
            }
            base *= 10
        }
    }

    private static func x(_ position: Double, count: Int, left: Double, right: Double) -> Double {
        guard count > 1 else { return (left + right) / 2 }
        let clamped = min(max(position, 0), Double(count - 1))
        return left + xPadding + clamped * (right - left - 2 * xPadding) / Double(count - 1)
    }

    /// Puts each marker label in the first row where it does not run into the previous label,
    /// flipping it to the left of its line near the right edge. A label that fits in none of the
    /// rows is left out rather than drawn over another. Returns the markers and the rows used.
    private static func stackMarkerLabels(
        _ markers: [ChartMarker], width: Double, x: (Double) -> Double
    ) -> ([MarkerLabel], Int) {
        var rowEnds: [Double] = []
        var labels: [MarkerLabel] = []
        for marker in markers.sorted(by: { $0.position < $1.position }) where marker.position.isFinite {
            let lineX = x(marker.position)
            let text = ChartTextMetrics.truncated(marker.label, to: markerLabelLimit)
            let textWidth = ChartTextMetrics.width(text, fontSize: markerFontSize)
            let isLeft = lineX + 4 + textWidth > width - 4
            let start = isLeft ? lineX - 4 - textWidth : lineX
            let end = isLeft ? lineX : lineX + 4 + textWidth
            guard let row = rowEnds.firstIndex(where: { $0 + 8 <= start })
                ?? (rowEnds.count < maximumMarkerRows ? rowEnds.count : nil)
            else {
                labels.append(MarkerLabel(marker: marker, x: lineX, text: nil, baseline: 0, isLeftOfLine: false))
                continue
            }
            if row == rowEnds.count { rowEnds.append(end) } else { rowEnds[row] = end }
            let baseline = 8 + Double(row) * markerRowHeight + markerFontSize
            labels.append(MarkerLabel(marker: marker, x: lineX, text: text, baseline: baseline, isLeftOfLine: isLeft))
        }
        return (labels, rowEnds.count)
    }

    /// Lays legend entries left to right, wrapping to a new row when one would pass `right`.
    /// Baselines are relative to the legend's top. Charts with a single series get no legend.
    private static func wrapLegend(_ series: [ChartSeries], left: Double, right: Double) -> ([LegendEntry], Int) {
        guard series.count > 1 else { return ([], 0) }
        var entries: [LegendEntry] = []
        var x = left
        var row = 0
        for (index, item) in series.enumerated() {
            let name = ChartTextMetrics.truncated(item.name, to: legendNameLimit)
            let entryWidth = legendSwatchWidth + 6 + ChartTextMetrics.width(name, fontSize: fontSize) + 20
            if x + entryWidth > right, x > left {
                row += 1
                x = left
            }
            entries.append(LegendEntry(seriesIndex: index, x: x, baseline: Double(row) * legendRowHeight + fontSize + 2))
            x += entryWidth
        }
        return (entries, row + 1)
    }
}
