import Foundation

/// Round, evenly spaced axis ticks ("nice numbers": steps of 1, 2 or 5 × 10^k).
///
/// `LineChart` uses it for its y axis; use it directly when another chart or table needs ticks
/// that a reader can interpolate between at a glance.
///
/// ```swift
/// let scale = AxisScale(covering: 0...1030)        // 0, 200, …, 1200
/// let fixed = AxisScale(within: 0...1)             // 0, 0.2, …, 1
/// scale.ticks.map { ChartValueFormat.percent.string($0, decimals: scale.decimals) }
/// ```
public struct AxisScale: Sendable, Equatable {
    /// The bottom of the axis; a tick when the scale was made with `covering:`.
    public let lower: Double
    /// The top of the axis; a tick when the scale was made with `covering:`.
    public let upper: Double
    /// The distance between ticks: 1, 2 or 5 × 10^k.
    public let step: Double
    /// Decimal places that show every tick exactly (1 for a step of 0.2, 0 for a step of 50).
    public let decimals: Int
    /// Tick values from bottom to top.
    public let ticks: [Double]

    /// A scale that extends `range` outwards to whole steps, using the smallest round step that
    /// needs at most `maximumTickCount` ticks.
    ///
    /// Use it when the data decides the axis (latencies, scores without a natural bound).
    /// A range of zero width is widened by 10 % of its value (or by 1 around zero).
    public init(covering range: ClosedRange<Double>, maximumTickCount: Int = 8) {
        self.init(range, maximumTickCount: maximumTickCount, keepingBounds: false)
    }

    /// A scale that keeps exactly `range` and puts ticks only at whole steps inside it, using the
    /// smallest round step that needs at most `maximumTickCount` ticks.
    ///
    /// Use it for quantities with natural bounds, such as a pass rate on `0...1`.
    public init(within range: ClosedRange<Double>, maximumTickCount: Int = 8) {
        self.init(range, maximumTickCount: maximumTickCount, keepingBounds: true)
    }

    private init(_ range: ClosedRange<Double>, maximumTickCount: Int, keepingBounds: Bool) {
        let (low, high) = Self.widened(range)
        let maximum = max(maximumTickCount, 2)
        var step = NiceStep(atLeast: (high - low) / Double(maximum - 1))
        var first = 0
        var last = 0
        while true {
            // The tolerance keeps a bound that is a whole step (0.3 as 3 × 0.1) from counting as past it.
            let lowSteps = low / step.value
            let highSteps = high / step.value
            first = Int(keepingBounds ? (lowSteps - 1e-9).rounded(.up) : (lowSteps + 1e-9).rounded(.down))
            last = Int(keepingBounds ? (highSteps + 1e-9).rounded(.down) : (highSteps - 1e-9).rounded(.up))
            if last - first + 1 <= maximum { break }
            step = step.next
        }
        ticks = (first...max(first, last)).map(step.multiple)
        self.step = step.value
        decimals = max(0, -step.exponent)
        lower = keepingBounds ? low : ticks.first ?? low
        upper = keepingBounds ? high : ticks.last ?? high
    }

    /// Decimal places for one value read on its own, as in a tooltip: enough to tell apart
    /// values a fiftieth of a step apart (3 for a step of 0.2, 0 for a step of 200).
    var valueDecimals: Int {
        max(0, Int(-log10(step / 50).rounded(.down)))
    }

    /// Where `value` lies on the axis: 0 at `lower`, 1 at `upper`, outside 0…1 beyond them.
    public func fraction(of value: Double) -> Double {
        (value - lower) / (upper - lower)
    }

    private static func widened(_ range: ClosedRange<Double>) -> (Double, Double) {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return (0, 1) }
        guard range.upperBound > range.lowerBound else {
            let value = range.lowerBound
            let margin = value == 0 ? 1 : value.magnitude * 0.1
            return (value - margin, value + margin)
        }
        return (range.lowerBound, range.upperBound)
    }
}

/// A step of 1, 2 or 5 × 10^exponent, kept as integers so tick values carry no rounding noise.
private struct NiceStep {
    let mantissa: Int
    let exponent: Int

    /// The smallest nice step that is at least `minimum`.
    init(atLeast minimum: Double) {
        var exponent = Int(log10(minimum).rounded(.down))
        let residual = minimum / pow(10, Double(exponent))
        var mantissa = [1, 2, 5, 10].first { Double($0) >= residual * (1 - 1e-9) } ?? 10
        if mantissa == 10 {
            mantissa = 1
            exponent += 1
        }
        self.init(mantissa: mantissa, exponent: exponent)
    }

    private init(mantissa: Int, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// The next larger nice step: 1 → 2 → 5 → 10.
    var next: NiceStep {
        switch mantissa {
        case 1: NiceStep(mantissa: 2, exponent: exponent)
        case 2: NiceStep(mantissa: 5, exponent: exponent)
        default: NiceStep(mantissa: 1, exponent: exponent + 1)
        }
    }

    var value: Double { multiple(1) }

    /// `index` × step, computed so that 3 × 0.1 is exactly the double nearest 0.3.
    func multiple(_ index: Int) -> Double {
        let count = Double(index * mantissa)
        return exponent >= 0 ? count * pow(10, Double(exponent)) : count / pow(10, Double(-exponent))
    }
}
