/// A named line on a `LineChart`: one point per x position, in order.
///
/// Point `i` belongs to the chart's x label `i`. A series shorter than the x axis simply ends;
/// use `ChartPoint.gap` for a run that has no value in the middle.
///
/// ```swift
/// ChartSeries(name: "p95 latency", values: [812, 790, nil, 845])
/// ```
public struct ChartSeries: Sendable, Equatable {
    /// The name shown in the legend and in tooltips; escaped when drawn.
    public var name: String
    public var points: [ChartPoint]

    public init(name: String, points: [ChartPoint]) {
        self.name = name
        self.points = points
    }

    /// A series of bare values, with `nil` for gaps.
    public init(name: String, values: [Double?]) {
        self.init(name: name, points: values.map { ChartPoint($0) })
    }
}
