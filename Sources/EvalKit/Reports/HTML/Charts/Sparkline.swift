/// A word-sized line of values for a table cell, such as a case's pass rate over the last runs.
///
/// No axes or labels: it shows the shape of a trend next to the numbers that give its size.
/// Gaps (`nil`) break the line; the last value gets a dot so the current state stands out.
///
/// ```swift
/// "<td>\(Sparkline(values: rates, range: 0...1, summary: "pass rate, last 20 runs").svg())</td>"
/// ```
public struct Sparkline: Sendable {
    public var values: [Double?]
    /// The values at the bottom and top edge; `nil` uses the data's own minimum and maximum.
    public var range: ClosedRange<Double>?
    /// What the line shows, for screen readers and as a tooltip; escaped.
    public var summary: String
    /// Size in CSS pixels; unlike `LineChart`, a sparkline does not scale with its container.
    public var width: Double
    public var height: Double

    public init(values: [Double?], range: ClosedRange<Double>? = nil, summary: String, width: Double = 96, height: Double = 20) {
        self.values = values
        self.range = range
        self.summary = summary
        self.width = width
        self.height = height
    }

    /// The sparkline as an inline `<svg>` element.
    public func svg() -> String {
        func c(_ value: Double) -> String { DecimalText.coordinate(value) }
        let color = ChartSeriesStyle.forSeries(0).color
        let inset = 2.5
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        let low = range?.lowerBound ?? finite.min() ?? 0
        let high = range?.upperBound ?? finite.max() ?? 1
        func x(_ index: Int) -> Double {
            values.count > 1 ? inset + Double(index) * (width - 2 * inset) / Double(values.count - 1) : width / 2
        }
        func y(_ value: Double) -> Double {
            guard high > low else { return height / 2 }
            let fraction = min(max((value - low) / (high - low), 0), 1)
            return height - inset - fraction * (height - 2 * inset)
        }
        let present = values.indices.filter { values[$0].map(\.isFinite) == true }
        let runs = LineChart.consecutiveRuns(present)

        var svg = SVGMarkup()
        svg.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(c(width)) \(c(height))",
                         "width": c(width), "height": c(height), "class": "sparkline", "role": "img", "aria-label": summary])
        svg.title(summary)
        let path = runs.filter { $0.count > 1 }.map { run in
            "M" + run.map { "\(c(x($0))) \(c(y(values[$0]!)))" }.joined(separator: "L")
        }.joined()
        if !path.isEmpty {
            svg.element("path", ["d": path, "fill": "none", "stroke": color, "stroke-width": "1.5", "stroke-linejoin": "round"])
        }
        for index in runs.filter({ $0.count == 1 }).map(\.[0]) + (present.last.map { [$0] } ?? []) {
            svg.element("circle", ["cx": c(x(index)), "cy": c(y(values[index]!)), "r": "2", "fill": color])
        }
        svg.close("svg")
        return svg.text
    }
}
