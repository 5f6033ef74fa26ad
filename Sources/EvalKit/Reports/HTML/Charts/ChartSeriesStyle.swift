/// The look of one chart series: colour, dash pattern and point shape.
///
/// Series differ in all three so a chart stays readable for colour-blind readers and when it is
/// printed in greyscale. Colours are the Okabe–Ito palette (yellow left out: too pale on white).
/// Use `ChartSeriesStyle.forSeries(_:)` to colour a table legend the same way as a chart.
public struct ChartSeriesStyle: Sendable, Equatable {
    /// The shape drawn at each data point.
    public enum Shape: Sendable, Equatable {
        case circle, square, diamond, triangle
    }

    /// A CSS/SVG colour, such as `#0072B2`.
    public let color: String
    /// An SVG `stroke-dasharray`, or `nil` for a solid line.
    public let dashArray: String?
    public let shape: Shape

    /// The fixed palette, in the order series are given these styles.
    public static let palette: [ChartSeriesStyle] = [
        ChartSeriesStyle(color: "#0072B2", dashArray: nil, shape: .circle),
        ChartSeriesStyle(color: "#D55E00", dashArray: "7 4", shape: .square),
        ChartSeriesStyle(color: "#009E73", dashArray: "2 3", shape: .diamond),
        ChartSeriesStyle(color: "#CC79A7", dashArray: "9 3 2 3", shape: .triangle),
        ChartSeriesStyle(color: "#E69F00", dashArray: "4 2", shape: .circle),
        ChartSeriesStyle(color: "#56B4E9", dashArray: "1 2", shape: .square),
        ChartSeriesStyle(color: "#000000", dashArray: "12 3", shape: .diamond),
    ]

    /// The style of the series at `index`; the palette repeats after seven series.
    public static func forSeries(_ index: Int) -> ChartSeriesStyle {
        palette[index % palette.count]
    }

    /// A self-closed SVG element for this style's point shape, centred on (`x`, `y`).
    func pointShape(x: Double, y: Double, radius r: Double) -> String {
        let fill = "fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1\""
        func c(_ value: Double) -> String { DecimalText.coordinate(value) }
        switch shape {
        case .circle:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(r))\" \(fill)/>"
        case .square:
            let side = r * 1.7
            return "<rect x=\"\(c(x - side / 2))\" y=\"\(c(y - side / 2))\" width=\"\(c(side))\" height=\"\(c(side))\" \(fill)/>"
        case .diamond:
            let d = r * 1.3
            return "<path d=\"M\(c(x)) \(c(y - d))L\(c(x + d)) \(c(y))L\(c(x)) \(c(y + d))L\(c(x - d)) \(c(y))Z\" \(fill)/>"
        case .triangle:
            let d = r * 1.35
            return "<path d=\"M\(c(x)) \(c(y - d))L\(c(x + d)) \(c(y + d * 0.8))L\(c(x - d)) \(c(y + d * 0.8))Z\" \(fill)/>"
        }
    }
}
