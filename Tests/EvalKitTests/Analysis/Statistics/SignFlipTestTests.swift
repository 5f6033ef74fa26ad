import Testing
@testable import EvalKit

@Suite("SignFlipTest: paired sign-flip permutation test")
struct SignFlipTestTests {
    /// Brute force: every sign pattern over all differences, zeros included, recursively; share with sum ≤ (drop) or
    /// ≥ (gain) the observed sum, up to a tolerance for rounding.
    static func bruteForce(_ differences: [Double], drop: Bool) -> Double {
        let observed = differences.reduce(0, +)
        let tolerance = 1e-9 * differences.reduce(0) { $0 + abs($1) }
        var hits = 0
        var total = 0
        func visit(_ position: Int, _ sum: Double) {
            if position == differences.count {
                total += 1
                if drop ? sum <= observed + tolerance : sum >= observed - tolerance { hits += 1 }
                return
            }
            visit(position + 1, sum + differences[position])
            visit(position + 1, sum - differences[position])
        }
        visit(0, 0)
        return Double(hits) / Double(total)
    }

    static func randomDifferences(_ random: inout SeededRandom, count: Int, ties: Bool) -> [Double] {
        (0..<count).map { _ in
            // Tied magnitudes (metric deltas like ±0.5, ±1) are the common case for scores on a coarse scale.
            ties ? [-1, -0.5, 0, 0.5, 1, 0.25][random.index(below: 6)] : random.unitInterval() * 2 - 0.8
        }
    }

    @Test("hand-computable cases")
    func handCases() {
        #expect(SignFlipTest.pValueForDrop(differences: [-1, -1, -1], seed: 1) == 1.0 / 8)
        #expect(SignFlipTest.pValueForGain(differences: [-1, -1, -1], seed: 1) == 1)
        #expect(SignFlipTest.pValueForGain(differences: [1, 2, 3], seed: 1) == 1.0 / 8)
        #expect(SignFlipTest.pValueForDrop(differences: [1, 2, 3], seed: 1) == 1)
        // ±1 ± 3 ± 2 takes the values 6, 4, 2, 0, 0, −2, −4, −6; the observed sum is 0, so 5 of 8 are ≤ 0.
        #expect(SignFlipTest.pValueForDrop(differences: [1, -3, 2], seed: 1) == 5.0 / 8)
        #expect(SignFlipTest.pValueForDrop(differences: [], seed: 1) == 1)
        #expect(SignFlipTest.pValueForDrop(differences: [0, 0, 0], seed: 1) == 1)
        #expect(SignFlipTest.pValueForGain(differences: [0, 0], seed: 1) == 1)
    }

    @Test("exact enumeration matches brute force over every sign pattern")
    func exactMatchesBruteForce() {
        var random = SeededRandom(seed: 11)
        for trial in 0..<120 {
            let differences = Self.randomDifferences(&random, count: 1 + trial % 14, ties: trial.isMultiple(of: 2))
            let drop = SignFlipTest.pValueForDrop(differences: differences, seed: 3)
            let gain = SignFlipTest.pValueForGain(differences: differences, seed: 3)
            #expect(drop == Self.bruteForce(differences, drop: true), "drop \(differences)")
            #expect(gain == Self.bruteForce(differences, drop: false), "gain \(differences)")
        }
    }

    @Test("Monte Carlo agrees with exact enumeration within sampling error")
    func monteCarloAgreesWithExact() {
        var random = SeededRandom(seed: 12)
        for trial in 0..<4 {
            // 17–18 nonzero differences: past the exact limit, so the test samples, yet brute force is still cheap.
            var differences = Self.randomDifferences(&random, count: 17 + trial % 2, ties: false)
            differences[0] -= 0.3
            let exact = Self.bruteForce(differences, drop: true)
            let sampled = SignFlipTest.pValueForDrop(differences: differences, resamples: 20_000, seed: UInt64(trial))
            // sd of the estimate is at most √(¼ / 20000) ≈ 0.0035.
            #expect(abs(sampled - exact) < 0.015, "exact \(exact) sampled \(sampled) for \(differences)")
        }
    }

    @Test("Monte Carlo p-values are reproducible per seed, vary across seeds, and are never 0")
    func monteCarloSeeding() {
        var random = SeededRandom(seed: 13)
        let differences = Self.randomDifferences(&random, count: 40, ties: false)
        let first = SignFlipTest.pValueForDrop(differences: differences, resamples: 2_000, seed: 77)
        #expect(SignFlipTest.pValueForDrop(differences: differences, resamples: 2_000, seed: 77) == first)
        let others = (0..<6).map { SignFlipTest.pValueForDrop(differences: differences, resamples: 2_000, seed: UInt64($0)) }
        #expect(Set(others + [first]).count > 1)
        // All 40 strongly negative: only the identity pattern (chance 2⁻⁴⁰) reaches the observed sum.
        let allWorse = [Double](repeating: -1, count: 40)
        #expect(SignFlipTest.pValueForDrop(differences: allWorse, resamples: 999, seed: 5) == 1.0 / 1000)
        #expect(SignFlipTest.pValueForGain(differences: allWorse, resamples: 999, seed: 5) == 1)
    }

    @Test("the gain test on d is the drop test on −d, with the same seed")
    func gainMirrorsDrop() {
        var random = SeededRandom(seed: 14)
        for count in [5, 30] {
            let differences = Self.randomDifferences(&random, count: count, ties: false)
            #expect(SignFlipTest.pValueForGain(differences: differences, resamples: 500, seed: 9)
                == SignFlipTest.pValueForDrop(differences: differences.map { -$0 }, resamples: 500, seed: 9))
        }
    }

    @Test("zeros do not change the p-value")
    func zerosAreIgnored() {
        let differences: [Double] = [-0.5, 0.25, -1, -0.75]
        #expect(SignFlipTest.pValueForDrop(differences: differences + [0, 0, 0], seed: 1)
            == SignFlipTest.pValueForDrop(differences: differences, seed: 1))
    }
}
