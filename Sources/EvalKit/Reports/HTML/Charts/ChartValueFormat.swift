/// How a chart writes its values on the y axis and in tooltips.
///
/// The chart passes the number of decimals that its tick step needs, so labels are as short as
/// they can be while staying distinct; tooltips get one more decimal.
///
/// ```swift
/// chart.valueFormat = .percent           // 0.85 → "85%"
/// chart.valueFormat = .number(unit: "ms") // 1200 → "1200 ms"
/// chart.valueFormat = .custom { "\(Int($0)) tok/s" }
/// ```
public struct ChartValueFormat: Sendable {
    private let render: @Sendable (_ value: Double, _ decimals: Int) -> String

    /// A format that writes `value` with `decimals` places (or any other way it likes).
    public init(_ render: @escaping @Sendable (_ value: Double, _ decimals: Int) -> String) {
        self.render = render
    }

    /// `value` as text, with `decimals` places where the format uses decimals.
    public func string(_ value: Double, decimals: Int) -> String {
        render(value, decimals)
    }

    /// Plain decimal numbers: `0.25`, `1200`.
    public static let number = ChartValueFormat { value, decimals in
        DecimalText.fixed(value, decimals: decimals)
    }

    /// Fractions shown as percentages: `0.85` → `85%`, `0.125` → `12.5%` when ticks need it.
    public static let percent = ChartValueFormat { value, decimals in
        DecimalText.fixed(value * 100, decimals: max(decimals - 2, 0)) + "%"
    }

    /// Decimal numbers followed by a unit: `1200 ms`.
    public static func number(unit: String) -> ChartValueFormat {
        ChartValueFormat { value, decimals in
            DecimalText.fixed(value, decimals: decimals) + " " + unit
        }
    }

    /// A format that ignores the suggested decimals.
    public static func custom(_ render: @escaping @Sendable (Double) -> String) -> ChartValueFormat {
        ChartValueFormat { value, _ in render(value) }
    }
}
