import Testing
@testable import EvalKit

@Suite("PairedBootstrap: percentile intervals over resampled cases")
struct PairedBootstrapTests {
    static func sample(count: Int, seed: UInt64) -> (baseline: [Double], candidate: [Double]) {
        var random = SeededRandom(seed: seed)
        let baseline = (0..<count).map { _ in random.unitInterval() < 0.7 ? 1.0 : 0.0 }
        // The candidate mostly agrees with the baseline case by case, as real paired runs do.
        let candidate = baseline.map { random.unitInterval() < 0.1 ? 1 - $0 : $0 }
        return (baseline, candidate)
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    @Test("the same seed gives the same intervals; another seed slightly different ones")
    func determinism() {
        // Continuous scores: with pass/fail data the percentiles sit on a 1/n grid and often coincide across seeds.
        var random = SeededRandom(seed: 1)
        let baseline = (0..<150).map { _ in random.unitInterval() }
        let candidate = baseline.map { $0 + random.unitInterval() * 0.2 - 0.12 }
        let first = PairedBootstrap.intervals(baseline: baseline, candidate: candidate, seed: 42)
        let again = PairedBootstrap.intervals(baseline: baseline, candidate: candidate, seed: 42)
        let other = PairedBootstrap.intervals(baseline: baseline, candidate: candidate, seed: 43)
        #expect(first == again)
        #expect(first != other)
        #expect(abs(first.difference.lower - other.difference.lower) < 0.03)
    }

    @Test("each interval contains its point estimate")
    func containsPointEstimates() {
        for seed in UInt64(1)...5 {
            let data = Self.sample(count: 200, seed: seed)
            let intervals = PairedBootstrap.intervals(baseline: data.baseline, candidate: data.candidate, seed: seed)
            #expect(intervals.baseline.contains(Self.mean(data.baseline)))
            #expect(intervals.candidate.contains(Self.mean(data.candidate)))
            #expect(intervals.difference.contains(Self.mean(data.candidate) - Self.mean(data.baseline)))
            #expect(intervals.baseline.lower < intervals.baseline.upper)
        }
    }

    @Test("intervals shrink like 1/√n")
    func shrinksWithCount() {
        let small = Self.sample(count: 100, seed: 7)
        let large = Self.sample(count: 1_600, seed: 7)
        let narrow = PairedBootstrap.intervals(baseline: large.baseline, candidate: large.candidate, seed: 1)
        let wide = PairedBootstrap.intervals(baseline: small.baseline, candidate: small.candidate, seed: 1)
        // 16 times the cases: about a quarter of the width.
        let ratio = narrow.baseline.width / wide.baseline.width
        #expect(ratio > 0.15 && ratio < 0.4, "ratio \(ratio)")
        #expect(narrow.difference.width < wide.difference.width)
    }

    @Test("the width matches the normal approximation 2·z·sd/√n")
    func widthMatchesNormalApproximation() {
        let data = Self.sample(count: 800, seed: 3)
        let intervals = PairedBootstrap.intervals(baseline: data.baseline, candidate: data.candidate, resamples: 4_000,
                                                  seed: 3)
        let p = Self.mean(data.baseline)
        let expected = 2 * 1.959963984540054 * (p * (1 - p) / 800).squareRoot()
        #expect(abs(intervals.baseline.width - expected) < 0.1 * expected, "\(intervals.baseline.width) vs \(expected)")
    }

    @Test("resampling whole cases keeps the pairing: a constant shift has a zero-width difference interval")
    func pairedDifference() {
        var random = SeededRandom(seed: 8)
        let baseline = (0..<300).map { _ in random.unitInterval() }
        let candidate = baseline.map { $0 + 0.125 }
        let intervals = PairedBootstrap.intervals(baseline: baseline, candidate: candidate, seed: 8)
        #expect(abs(intervals.difference.lower - 0.125) < 1e-12)
        #expect(abs(intervals.difference.upper - 0.125) < 1e-12)
        #expect(intervals.baseline.width > 0.05)
    }

    @Test("a lower confidence gives a narrower interval inside the wider one")
    func confidenceLevel() {
        let data = Self.sample(count: 300, seed: 9)
        let wide = PairedBootstrap.intervals(baseline: data.baseline, candidate: data.candidate, confidence: 0.99, seed: 9)
        let narrow = PairedBootstrap.intervals(baseline: data.baseline, candidate: data.candidate, confidence: 0.8, seed: 9)
        #expect(narrow.candidate.lower >= wide.candidate.lower && narrow.candidate.upper <= wide.candidate.upper)
        #expect(narrow.candidate.width < wide.candidate.width)
    }

    @Test("constant data, one case, and no cases")
    func degenerateInputs() {
        let constant = PairedBootstrap.intervals(baseline: [0.5, 0.5, 0.5], candidate: [1, 1, 1], seed: 1)
        #expect(constant.baseline == ConfidenceInterval(lower: 0.5, upper: 0.5))
        #expect(constant.difference == ConfidenceInterval(lower: 0.5, upper: 0.5))
        let single = PairedBootstrap.intervals(baseline: [0.2], candidate: [0.9], seed: 1)
        #expect(single.candidate == ConfidenceInterval(lower: 0.9, upper: 0.9))
        let empty = PairedBootstrap.intervals(baseline: [], candidate: [], seed: 1)
        #expect(empty.difference.lower.isNaN && empty.difference.upper.isNaN)
    }

    @Test("percentiles interpolate linearly between order statistics")
    func percentileDefinition() {
        let sorted: [Double] = [0, 1, 2, 3, 4]
        #expect(PairedBootstrap.quantile(ofSorted: sorted, 0.25) == 1)
        #expect(abs(PairedBootstrap.quantile(ofSorted: sorted, 0.1) - 0.4) < 1e-15)
        #expect(PairedBootstrap.quantile(ofSorted: sorted, 0) == 0)
        #expect(PairedBootstrap.quantile(ofSorted: sorted, 1) == 4)
    }
}
