import Testing
import EvalKit

@Suite("Axis scale ticks")
struct AxisScaleTests {
    static let ranges: [ClosedRange<Double>] = [
        0...1, 0.37...0.92, 0...1030, 12...13, -5...17, -0.004...0.0031, 0.5...0.5, 0...0,
        812...1254, 1e6...3.2e7, 0.9981...0.9999, -200 ... -150,
    ]

    /// Whether `step` is 1, 2 or 5 times a power of ten.
    static func isNice(_ step: Double) -> Bool {
        let mantissa = step / step.exponentBase10
        return [1.0, 2, 5].contains { ($0 - mantissa).magnitude < 1e-9 }
    }

    /// The nice step just below `step`: 0.5 below 1, 1 below 2, 2 below 5.
    static func previousNice(_ step: Double) -> Double {
        let mantissa = step / step.exponentBase10
        return (mantissa - 5).magnitude < 1e-9 ? step * 0.4 : step * 0.5
    }

    @Test("a covering scale starts at or below the data and ends at or above it", arguments: ranges)
    func coveringTicksSpanTheRange(range: ClosedRange<Double>) {
        let scale = AxisScale(covering: range)
        #expect(scale.ticks.first! <= range.lowerBound)
        #expect(scale.ticks.last! >= range.upperBound)
        #expect(scale.lower == scale.ticks.first && scale.upper == scale.ticks.last)
        #expect(scale.upper > scale.lower)
    }

    @Test("steps are 1, 2 or 5 × 10^k and ticks are evenly spaced", arguments: ranges)
    func stepsAreNice(range: ClosedRange<Double>) {
        for scale in [AxisScale(covering: range), AxisScale(within: range)] {
            #expect(Self.isNice(scale.step), "step \(scale.step)")
            for (a, b) in zip(scale.ticks, scale.ticks.dropFirst()) {
                #expect(((b - a) - scale.step).magnitude < scale.step * 1e-9)
            }
        }
    }

    @Test("there are 2 to 8 ticks, and the next smaller nice step would need more than 8",
          arguments: ranges.filter { $0.upperBound > $0.lowerBound })
    func tickCountIsSensible(range: ClosedRange<Double>) {
        let scale = AxisScale(covering: range)
        #expect((2...8).contains(scale.ticks.count), "\(scale.ticks)")
        let finer = Self.previousNice(scale.step)
        #expect(Self.isNice(finer))
        let needed = (range.upperBound / finer).rounded(.up) - (range.lowerBound / finer).rounded(.down) + 1
        #expect(needed > 8, "step \(finer) would need only \(needed) ticks")
    }

    @Test("a fixed scale keeps its bounds and puts ticks only inside them")
    func withinKeepsBounds() {
        let scale = AxisScale(within: 0...1)
        #expect(scale.lower == 0 && scale.upper == 1)
        #expect(scale.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let odd = AxisScale(within: 0.13...0.87)
        #expect(odd.ticks.allSatisfy { (0.13...0.87).contains($0) })
        #expect(odd.lower == 0.13 && odd.upper == 0.87)
    }

    @Test("tick values carry no floating-point noise, and decimals match the step")
    func ticksAreExact() {
        let scale = AxisScale(covering: 0...0.7)
        #expect(scale.ticks == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        #expect(scale.decimals == 1)
        #expect(AxisScale(covering: 0...1030).ticks == [0, 200, 400, 600, 800, 1000, 1200])
        #expect(AxisScale(covering: 0...1030).decimals == 0)
    }

    @Test("a range of zero width still gets a usable scale around its value")
    func degenerateRange() {
        let scale = AxisScale(covering: 5...5)
        #expect(scale.lower < 5 && scale.upper > 5)
        #expect(scale.ticks.count >= 2)
        #expect(AxisScale(covering: 0...0).ticks.contains(0))
    }

    @Test("a smaller tick budget gives a larger step")
    func maximumTickCountIsHonoured() {
        let scale = AxisScale(covering: 0...1030, maximumTickCount: 4)
        #expect(scale.ticks.count <= 4)
        #expect(scale.ticks == [0, 500, 1000, 1500])
    }
}

private extension Double {
    /// The power of ten at or below this positive number: 1 for 2.5, 0.01 for 0.05.
    var exponentBase10: Double {
        var power = 1.0
        while power > self * (1 + 1e-9) { power /= 10 }
        while power * 10 <= self * (1 + 1e-9) { power *= 10 }
        return power
    }
}
