import Testing
@testable import EvalKit

@Suite("McNemarTest: exact binomial test on discordant pairs")
struct McNemarTestTests {
    @Test("small cases match the hand-computed binomial tails")
    func handComputedCases() {
        #expect(McNemarTest.pValueForDrop(regressed: 5, improved: 0) == 1.0 / 32)
        #expect(McNemarTest.pValueForDrop(regressed: 0, improved: 5) == 1)
        #expect(McNemarTest.pValueForDrop(regressed: 0, improved: 0) == 1)
        #expect(McNemarTest.pValueForGain(regressed: 0, improved: 0) == 1)
        #expect(abs(McNemarTest.pValueForDrop(regressed: 3, improved: 1) - 5.0 / 16) < 1e-15)
        #expect(abs(McNemarTest.pValueForDrop(regressed: 2, improved: 2) - 11.0 / 16) < 1e-15)
        #expect(abs(McNemarTest.pValueForDrop(regressed: 1, improved: 0) - 0.5) < 1e-15)
        // 9 of 11 discordant: (C(11,9) + C(11,10) + C(11,11)) / 2¹¹ = 67 / 2048.
        #expect(abs(McNemarTest.pValueForDrop(regressed: 9, improved: 2) - 67.0 / 2048) < 1e-15)
    }

    @Test("every split of up to 50 discordant pairs matches Pascal's triangle")
    func matchesPascalTriangle() {
        // Binomial coefficients are exact in Double while below 2⁵³, which holds up to n = 50.
        var row: [Double] = [1]
        for n in 1...50 {
            row = zip([0] + row, row + [0]).map(+)
            let total = Double(sign: .plus, exponent: n, significand: 1)
            for regressed in 0...n {
                let expected = row[regressed...].reduce(0, +) / total
                let actual = McNemarTest.pValueForDrop(regressed: regressed, improved: n - regressed)
                #expect(abs(actual - expected) <= 1e-13 * expected, "regressed \(regressed) improved \(n - regressed)")
            }
        }
    }

    @Test("the gain test is the drop test with the roles swapped")
    func symmetry() {
        for (regressed, improved) in [(0, 3), (4, 9), (120, 80), (7_000, 7_300), (19_000, 2)] {
            #expect(McNemarTest.pValueForGain(regressed: regressed, improved: improved)
                == McNemarTest.pValueForDrop(regressed: improved, improved: regressed))
        }
    }

    @Test("P(X ≥ r) and P(X ≥ n − r + 1) add up to 1, also for tens of thousands of pairs")
    func complementsAddToOne() {
        for (regressed, improved) in [(3, 4), (50, 61), (1_000, 1_020), (15_000, 14_800), (20_000, 19_950)] {
            let upper = McNemarTest.pValueForDrop(regressed: regressed, improved: improved)
            let lower = McNemarTest.pValueForDrop(regressed: improved + 1, improved: regressed - 1)
            #expect(abs(upper + lower - 1) < 1e-12, "\(regressed)/\(improved): \(upper) + \(lower)")
        }
    }

    @Test("more regressions lower the p-value for a drop; more improvements raise it")
    func monotonicity() {
        for improved in [0, 5, 300, 12_000] {
            var previous = 1.0
            for regressed in stride(from: 0, through: improved + 400, by: max(1, (improved + 400) / 60)) {
                let p = McNemarTest.pValueForDrop(regressed: regressed, improved: improved)
                #expect(p <= previous, "regressed \(regressed) improved \(improved)")
                #expect(p >= 0 && p <= 1)
                previous = p
            }
        }
        var previous = 0.0
        for improved in stride(from: 0, through: 20_000, by: 500) {
            let p = McNemarTest.pValueForDrop(regressed: 10_000, improved: improved)
            #expect(p >= previous)
            previous = p
        }
    }

    @Test("large counts agree with the continuity-corrected normal approximation and never overflow")
    func largeCounts() {
        // X ~ Binomial(20000, ½): mean 10000, sd √5000; P(X ≥ 10100) ≈ 1 − Φ((10099.5 − 10000) / √5000) ≈ 0.0797.
        let p = McNemarTest.pValueForDrop(regressed: 10_100, improved: 9_900)
        let approximation = 1 - NormalDistribution.cdf(99.5 / 5000.0.squareRoot())
        #expect(abs(p - approximation) < 1e-3 * approximation)
        let balanced = McNemarTest.pValueForDrop(regressed: 20_000, improved: 20_000)
        #expect(balanced > 0.5 && balanced < 0.503)
        // 2⁻²⁰⁰⁰⁰ underflows to 0; 1 − 2⁻²⁰⁰⁰⁰ rounds to 1.
        #expect(McNemarTest.pValueForDrop(regressed: 20_000, improved: 0) == 0)
        #expect(McNemarTest.pValueForDrop(regressed: 1, improved: 20_000) == 1)
        // A tiny tail that is still representable: 1000 or 1001 of 1001 is (C(1001, 1000) + 1) / 2¹⁰⁰¹.
        let tiny = McNemarTest.pValueForDrop(regressed: 1_000, improved: 1)
        let expected = 1002 * Double(sign: .plus, exponent: -1001, significand: 1)
        #expect(abs(tiny - expected) < 1e-12 * expected)
    }
}
