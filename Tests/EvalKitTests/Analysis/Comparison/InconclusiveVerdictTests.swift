import Testing
@testable import EvalKit

/// Small or under-powered eval sets must never look like a green light: a comparison that is not a regression, on an
/// eval set that cannot detect a drop of the margin (or of the drop observed), is inconclusive.
@Suite("Inconclusive: no regression found on an eval set that could not have found one")
struct InconclusiveVerdictTests {
    static func collapse(cases: Int, alpha: Double = 0.05) throws -> RunComparison {
        var policy = ComparisonPolicy()
        policy.alpha = alpha
        return try RunComparison(SyntheticRun.passFail(id: 1, count: cases, failing: 0),
                                 SyntheticRun.passFail(id: 2, count: cases, failing: cases), policy: policy)
    }

    @Test("a 4-case eval set going from 100% to 0% is inconclusive, and 5 cases would do")
    func fourCaseCollapse() throws {
        let comparison = try Self.collapse(cases: 4)
        let scorer = try #require(comparison.scorers.first)
        #expect(abs(scorer.pValueForDrop - 1.0 / 16) < 1e-12, "4 of 4 flips: p = 1/16, not significant")
        #expect(scorer.verdict == .inconclusive)
        #expect(scorer.minimumDetectableDrop == 1)
        #expect(abs(scorer.requiredDrop - 1) < 1e-12, "the drop observed, 100 points, is larger than the margin")
        #expect(scorer.casesNeeded == 5)
        #expect(comparison.verdict == .inconclusive)
        #expect(!comparison.hasRegression)
        #expect(try Self.collapse(cases: 5).verdict == .regression, "5 of 5 flips: p = 1/32 < 0.05")
    }

    @Test("5 cases going from 100% to 0% at alpha 0.02 are inconclusive, and 6 cases would do")
    func fiveCaseCollapseAtStrictAlpha() throws {
        let comparison = try Self.collapse(cases: 5, alpha: 0.02)
        let scorer = try #require(comparison.scorers.first)
        #expect(scorer.verdict == .inconclusive)
        #expect(scorer.casesNeeded == 6)
        #expect(try Self.collapse(cases: 6, alpha: 0.02).verdict == .regression, "6 of 6 flips: p = 1/64 < 0.02")
    }

    @Test("the cases needed are what they say: at that many cases like these the verdict is no regression, one fewer inconclusive")
    func casesNeededIsTheThreshold() throws {
        func identical(_ count: Int) throws -> ScorerComparison {
            try #require(try RunComparison(SyntheticRun.passFail(id: 1, count: count, failing: 0),
                                           SyntheticRun.passFail(id: 2, count: count, failing: 0)).scorers.first)
        }
        let small = try identical(100)
        #expect(small.verdict == .inconclusive)
        let needed = try #require(small.casesNeeded)
        #expect(needed > 100 && needed < 1000, "\(needed)")
        #expect(try identical(needed).verdict == .noDrop)
        #expect(try identical(needed - 1).verdict == .inconclusive)
        #expect(try identical(needed - 1).casesNeeded == needed)
    }

    @Test("cases needed are never fewer than the cases compared, and grow with noise and with a smaller margin")
    func casesNeededMonotone() throws {
        /// 200 cases, `flips` of them regressing and as many improving.
        func needed(flips: Int, margin: Double) throws -> Int? {
            var policy = ComparisonPolicy()
            policy.margin = margin
            let before = (0..<200).map { $0 >= flips }, after = (0..<200).map { $0 < flips || $0 >= 2 * flips }
            let scorer = try #require(try RunComparison(SyntheticRun.passFail(id: 1, before), SyntheticRun.passFail(id: 2, after),
                                                        policy: policy).scorers.first)
            #expect(scorer.regressed == flips && scorer.improved == flips)
            #expect(scorer.verdict == .inconclusive, "flips \(flips), margin \(margin)")
            return scorer.casesNeeded
        }
        var previous = 200
        for flips in [2, 5, 10, 20] {
            let cases = try #require(try needed(flips: flips, margin: 0.02))
            #expect(cases >= previous, "more flips need more cases: \(flips) flips, \(cases)")
            previous = cases
        }
        var fewer = Int.max
        for margin in [0.01, 0.02, 0.03, 0.04] {
            let cases = try #require(try needed(flips: 10, margin: margin))
            #expect(cases >= 200 && cases <= fewer, "a larger margin needs no more cases: \(margin), \(cases)")
            fewer = cases
        }
    }

    @Test("with --margin 0 and no drop, no eval set is big enough: inconclusive, cases needed beyond the limit")
    func zeroMarginNeverConcludes() throws {
        var policy = ComparisonPolicy()
        policy.margin = 0
        let comparison = try RunComparison(SyntheticRun.passFail(id: 1, count: 2000, failing: 100),
                                           SyntheticRun.passFail(id: 2, count: 2000, failing: 100), policy: policy)
        #expect(comparison.scorers[0].verdict == .inconclusive)
        #expect(comparison.scorers[0].casesNeeded == nil)
        #expect(ComparisonReport(comparison: comparison).verdictLine.contains("more than 1,000,000 paired cases needed"))
    }

    @Test("the run's verdict: a regression anywhere wins over an inconclusive suite; one inconclusive suite makes the run inconclusive")
    func runVerdictOrder() throws {
        let small = SuiteKey(evalset: "small", promptID: "p", backend: "b")
        func run(_ id: Int64, bigFailing: Int) -> SyntheticRun {
            SyntheticRun(id: id, suites: [SyntheticRun.passFail(id: id, count: 500, failing: bigFailing).suites[0],
                                          SyntheticRun.passFail(id: id, count: 10, failing: 0, key: small).suites[0]])
        }
        let regressed = try RunComparison(run(1, bigFailing: 0), run(2, bigFailing: 60))
        #expect(regressed.scorers.map(\.verdict) == [.regression, .inconclusive] || regressed.scorers.map(\.verdict) == [.inconclusive, .regression])
        #expect(regressed.verdict == .regression)
        let unchanged = try RunComparison(run(1, bigFailing: 0), run(2, bigFailing: 0))
        #expect(unchanged.scorers.filter { $0.verdict == .noDrop }.count == 1)
        #expect(unchanged.verdict == .inconclusive)
        #expect(unchanged.inconclusive.map(\.suite) == [small])
    }

    @Test("inconclusive exits 0, and 1 when it fails the bar; errors and unusable input still win")
    func exitStatus() {
        #expect(Verdict(inconclusive: true).exitStatus == .success)
        #expect(Verdict(inconclusive: true, inconclusiveFails: true).exitStatus == .belowThreshold)
        #expect(Verdict(inconclusiveFails: true).exitStatus == .success)
        #expect(Verdict(errored: true, inconclusive: true, inconclusiveFails: true).exitStatus == .infrastructureError)
        #expect(Verdict(unusable: true, inconclusive: true, inconclusiveFails: true).exitStatus == .invalidInput)
    }
}
