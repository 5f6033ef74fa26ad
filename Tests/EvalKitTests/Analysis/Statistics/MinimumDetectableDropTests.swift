import Testing
@testable import EvalKit

@Suite("MinimumDetectableDrop: the smallest drop a comparison can see")
struct MinimumDetectableDropTests {
    static let zAlpha05 = 1.6448536269514722   // Φ⁻¹(0.95)
    static let zPower80 = 0.8416212335729143   // Φ⁻¹(0.8)

    @Test("no cases: nothing can be detected")
    func noCases() {
        #expect(MinimumDetectableDrop.drop(differences: [], alpha: 0.05, binary: true) == 1)
        #expect(MinimumDetectableDrop.drop(differences: [], alpha: 0.05, binary: false) == 1)
    }

    @Test("the normal approximation (z₁₋α + z_power)·sd/√n")
    func normalApproximation() {
        let differences = (0..<400).map { $0.isMultiple(of: 2) ? 1.0 : -1.0 }
        let sd = (400.0 / 399).squareRoot()
        let expected = (Self.zAlpha05 + Self.zPower80) * sd / 20
        #expect(abs(MinimumDetectableDrop.drop(differences: differences, alpha: 0.05, binary: true) - expected) < 1e-9)
        #expect(abs(MinimumDetectableDrop.drop(differences: differences, alpha: 0.05, binary: false) - expected) < 1e-9)
        let morePower = MinimumDetectableDrop.drop(differences: differences, alpha: 0.05, power: 0.9, binary: false)
        let stricter = MinimumDetectableDrop.drop(differences: differences, alpha: 0.01, binary: false)
        #expect(morePower > expected && stricter > expected)
    }

    @Test("binary metrics never go below the exact test's floor ⌈log₂(1/α)⌉ / n")
    func binaryFloor() {
        // 100 cases, 2 discordant: the approximation is tiny, but 5 one-way cases are needed for p ≤ 0.05 (2⁻⁵ < 0.05 < 2⁻⁴).
        let differences = [-1.0, 1.0] + [Double](repeating: 0, count: 98)
        #expect(abs(MinimumDetectableDrop.drop(differences: differences, alpha: 0.05, binary: true) - 0.05) < 1e-15)
        // α = 2⁻⁶ needs exactly 6.
        #expect(abs(MinimumDetectableDrop.drop(differences: differences, alpha: 1.0 / 64, binary: true) - 0.06) < 1e-15)
        let continuous = MinimumDetectableDrop.drop(differences: differences, alpha: 0.05, binary: false)
        #expect(continuous < 0.05)
    }

    @Test("sd 0 falls back to the floor for continuous metrics too; the result is capped at 1")
    func zeroDeviationAndCap() {
        let identical = [Double](repeating: 0, count: 50)
        #expect(abs(MinimumDetectableDrop.drop(differences: identical, alpha: 0.05, binary: false) - 0.1) < 1e-15)
        #expect(MinimumDetectableDrop.drop(differences: [0, 0, 0], alpha: 0.05, binary: true) == 1)
        #expect(MinimumDetectableDrop.drop(differences: [1, -1], alpha: 0.05, binary: false) == 1)
    }

    @Test("four times the cases halves the detectable drop")
    func shrinksWithCases() {
        var random = SeededRandom(seed: 4)
        let pattern = (0..<100).map { _ in random.unitInterval() - 0.5 }
        let small = MinimumDetectableDrop.drop(differences: pattern, alpha: 0.05, binary: false)
        let large = MinimumDetectableDrop.drop(differences: pattern + pattern + pattern + pattern, alpha: 0.05, binary: false)
        #expect(abs(large / small - 0.5) < 0.01, "\(small) → \(large)")
    }

    @Test("a drop of that size is detected about `power` of the time")
    func achievesPower() {
        // Differences with sd exactly 0.3 over 200 cases give the drop; fresh normal samples with that sd, shifted
        // down by it, should then fail the one-sided z-test at α = 0.05 about 80% of the time.
        var random = SeededRandom(seed: 6)
        let normal = { (random: inout SeededRandom) -> Double in NormalDistribution.quantile(max(1e-12, random.unitInterval())) }
        let raw = (0..<200).map { _ in normal(&random) }
        let rawMean = raw.reduce(0, +) / 200
        let rawDeviation = MinimumDetectableDrop.sampleStandardDeviation(raw)
        let reference = raw.map { ($0 - rawMean) / rawDeviation * 0.3 }
        let drop = MinimumDetectableDrop.drop(differences: reference, alpha: 0.05, binary: false)
        var rejections = 0
        let trials = 2_000
        for _ in 0..<trials {
            let sample = (0..<200).map { _ in normal(&random) * 0.3 - drop }
            let mean = sample.reduce(0, +) / 200
            let deviation = MinimumDetectableDrop.sampleStandardDeviation(sample)
            if mean / (deviation / 200.0.squareRoot()) < -Self.zAlpha05 { rejections += 1 }
        }
        // Binomial(2000, 0.8) has sd ≈ 0.009.
        let rate = Double(rejections) / Double(trials)
        #expect(abs(rate - 0.8) < 0.04, "rejection rate \(rate)")
    }
}

@Suite("MinimumDetectableDrop.casesNeeded: the eval set size at which a drop becomes detectable")
struct CasesNeededTests {
    @Test("the fewest cases at which a non-increasing figure reaches the target, never fewer than today's")
    func bisection() {
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 0.01, from: 10) { 1 / Double($0) } == 100)
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 0.01, from: 99) { 1 / Double($0) } == 100)
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 0.5, from: 40) { 1 / Double($0) } == 40)
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 0.3, from: 1) { 1 / Double($0) } == 4)
    }

    @Test("beyond the limit, or a target of zero, there is no answer")
    func beyondTheLimit() {
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 1e-7, from: 10) { 1 / Double($0) } == nil)
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 0.001, from: 10, limit: 500) { 1 / Double($0) } == nil)
        #expect(MinimumDetectableDrop.casesNeeded(toDetect: 0, from: 10) { _ in 0.5 } == nil)
    }

    @Test("uncapped, a figure says when nothing on 0…1 is detectable; capped, it is 1 as before")
    func uncapped() {
        #expect(MinimumDetectableDrop.uncappedForMcNemar(noiseShare: 0.25, cases: 4, alpha: 0.05) > 1, "the exact floor is 5 of 4 cases")
        #expect(MinimumDetectableDrop.forMcNemar(regressed: 4, improved: 0, cases: 4, alpha: 0.05) == 1)
        #expect(MinimumDetectableDrop.uncappedDrop(standardDeviation: 0, cases: 0, alpha: 0.05, power: 0.8, binary: false) == .infinity)
    }
}
