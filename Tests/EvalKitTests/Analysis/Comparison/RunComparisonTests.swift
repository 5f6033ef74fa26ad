import Testing
@testable import EvalKit

@Suite("Comparing runs: pairing, statistics and the gate's verdict")
struct RunComparisonTests {
    @Test("identical runs on 500 cases: nothing flips, p = 1, no regression")
    func identicalRuns() throws {
        let run = SyntheticRun.passFail(id: 1, count: 500, failing: 150)
        let comparison = try RunComparison(run, SyntheticRun.passFail(id: 2, count: 500, failing: 150))
        let scorer = try #require(comparison.scorers.first)
        #expect(comparison.scorers.count == 1)
        #expect(scorer.cases == 500)
        #expect(scorer.test == .mcNemar)
        #expect(scorer.pValueForDrop == 1)
        #expect(scorer.minimumDetectableDrop < 0.02, "500 cases that never flip can detect a drop of the 2-point margin")
        #expect(scorer.verdict == .noDrop)
        #expect(scorer.casesNeeded == nil)
        #expect(abs(scorer.passRate.baseline - 0.7) < 1e-12 && abs(scorer.passRate.candidate - 0.7) < 1e-12)
        #expect(comparison.flipped.isEmpty)
        #expect(!comparison.hasRegression)
        #expect(comparison.verdict == .noRegression)
    }

    @Test("identical runs on 100 cases are inconclusive: 100 cases cannot detect a drop of the 2-point margin")
    func identicalSmallRunsAreInconclusive() throws {
        let comparison = try RunComparison(SyntheticRun.passFail(id: 1, count: 100, failing: 30), SyntheticRun.passFail(id: 2, count: 100, failing: 30))
        let scorer = try #require(comparison.scorers.first)
        #expect(scorer.pValueForDrop == 1)
        #expect(scorer.minimumDetectableDrop > 0.02)
        #expect(scorer.verdict == .inconclusive)
        #expect(!comparison.hasRegression)
        #expect(comparison.verdict == .inconclusive)
    }

    @Test("a large drop is a regression; flipped cases list pass → fail first, with both outputs")
    func largeDropIsRegression() throws {
        // 20 cases regress, 2 improve: McNemar p = P(X ≥ 20 | 22) ≈ 6e-5.
        var after = (0..<100).map { $0 >= 30 }
        for index in 30..<50 { after[index] = false }
        after[0] = true
        after[1] = true
        let comparison = try RunComparison(SyntheticRun.passFail(id: 1, count: 100, failing: 30), SyntheticRun.passFail(id: 2, after))
        let scorer = try #require(comparison.scorers.first)
        #expect(scorer.regressed == 20 && scorer.improved == 2)
        #expect(scorer.pValueForDrop < 0.001)
        #expect(scorer.verdict == .regression)
        #expect(abs(scorer.drop - 0.18) < 1e-12)
        #expect(comparison.hasRegression)
        #expect(comparison.flipped.count == 22)
        #expect(comparison.flipped.prefix(20).allSatisfy { $0.direction == .regressed })
        #expect(comparison.flipped.suffix(2).allSatisfy { $0.direction == .improved })
        #expect(comparison.flipped[0].baselineOutput == "output of case-30")
        #expect(comparison.flipped[0].reasons == ["exact: below threshold"])
        #expect(comparison.regressed(SyntheticRun.key, caseID: "case-30"))
        #expect(!comparison.regressed(SyntheticRun.key, caseID: "case-0"))
        let interval = scorer.passRate.intervals.difference
        #expect(interval.lower <= scorer.passRate.difference && scorer.passRate.difference <= interval.upper)
        #expect(interval.upper < 0, "a drop this clear has a difference interval below zero")
    }

    @Test("a significant drop no larger than the margin is not a regression")
    func dropWithinMargin() throws {
        // 2,000 cases, 8 regress and none improve: p = 1/256, but the drop is 0.4 points.
        let comparison = try RunComparison(SyntheticRun.passFail(id: 1, count: 2000, failing: 0), SyntheticRun.passFail(id: 2, count: 2000, failing: 8))
        let scorer = try #require(comparison.scorers.first)
        #expect(scorer.pValueForDrop < 0.05)
        #expect(scorer.verdict == .withinMargin)
        var strict = ComparisonPolicy()
        strict.margin = 0
        #expect(try RunComparison(SyntheticRun.passFail(id: 1, count: 2000, failing: 0), SyntheticRun.passFail(id: 2, count: 2000, failing: 8), policy: strict).hasRegression)
    }

    @Test("Holm correction: two drops each significant alone are not after correcting for two comparisons")
    func holmAcrossSuites() throws {
        // Each suite: 5 regressions, 0 improvements, p = 1/32 ≈ 0.031 < 0.05, but Holm makes the smaller 0.0625.
        let other = SuiteKey(evalset: "qa", promptID: "verbose", backend: "local")
        func run(_ id: Int64, failing: Int) -> SyntheticRun {
            let first = SyntheticRun.passFail(id: id, count: 100, failing: failing).suites[0]
            let second = SyntheticRun.passFail(id: id, count: 100, failing: failing, key: other).suites[0]
            return SyntheticRun(id: id, suites: [first, second])
        }
        let alone = try RunComparison(SyntheticRun.passFail(id: 1, count: 100, failing: 0), SyntheticRun.passFail(id: 2, count: 100, failing: 5))
        #expect(alone.scorers[0].verdict == .regression)
        let both = try RunComparison(run(1, failing: 0), run(2, failing: 5))
        #expect(both.scorers.count == 2)
        #expect(both.scorers.allSatisfy { abs($0.pValueForDrop - 1.0 / 32) < 1e-12 })
        #expect(both.scorers.allSatisfy { abs($0.adjustedPValue - 2.0 / 32) < 1e-12 })
        // Not significant; and at alpha / 2 the exact floor alone (6 of 100 cases) is above the 5-point drop observed.
        #expect(both.scorers.allSatisfy { $0.verdict == .inconclusive && $0.minimumDetectableDrop > 0.05 })
        #expect(!both.hasRegression)
        #expect(both.verdict == .inconclusive)
    }

    @Test("only cases with the same content hash are paired; added, removed, changed and errored cases are listed")
    func pairingByCaseHash() throws {
        let baseline = SyntheticRun(id: 1, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: [
            .init(id: "kept", values: [1]), .init(id: "removed", values: [1]), .init(id: "edited", hash: "old", values: [1]),
            .init(id: "flaky-backend", values: [1]),
        ])])
        var candidateSuite = SyntheticRun.Suite(key: SyntheticRun.key, cases: [
            .init(id: "kept", values: [0]), .init(id: "added", values: [1]), .init(id: "edited", hash: "new", values: [0]),
            .init(id: "flaky-backend", values: [nil]),
        ])
        candidateSuite.evalsetHash = "changed"
        let comparison = try RunComparison(baseline, SyntheticRun(id: 2, suites: [candidateSuite]))
        let pairing = try #require(comparison.suites.first)
        #expect(pairing.pairs.map(\.caseID) == ["kept"])
        #expect(pairing.onlyInCandidate == ["added"])
        #expect(pairing.onlyInBaseline == ["removed"])
        #expect(pairing.changed == ["edited"])
        #expect(pairing.errored == ["flaky-backend"])
        #expect(!pairing.sameEvalSetContent)
        #expect(comparison.scorers[0].cases == 1)
        #expect(comparison.notes.contains { $0.contains("without a version bump") })
    }

    @Test("a changed eval set version cannot be compared unless allowed; nothing shared cannot be compared at all")
    func incomparableRuns() throws {
        var newer = SyntheticRun.passFail(id: 2, count: 10, failing: 0)
        newer.suites[0].version = "2"
        #expect(throws: ComparisonError.self) { try RunComparison(SyntheticRun.passFail(id: 1, count: 10, failing: 0), newer) }
        var policy = ComparisonPolicy()
        policy.allowVersionChange = true
        let allowed = try RunComparison(SyntheticRun.passFail(id: 1, count: 10, failing: 0), newer, policy: policy)
        #expect(allowed.notes.contains { $0.contains("version 1 → 2") })
        #expect(allowed.scorers[0].cases == 10)
        let elsewhere = SyntheticRun.passFail(id: 2, count: 10, failing: 0, key: SuiteKey(evalset: "other", promptID: "p", backend: "b"))
        do {
            _ = try RunComparison(SyntheticRun.passFail(id: 1, count: 10, failing: 0), elsewhere)
            Issue.record("runs with no suite in common were compared")
        } catch {
            #expect(error.description.contains("no eval set × prompt × backend is in both runs"))
        }
    }

    @Test("continuous scorers are compared on 0…1 with a sign-flip test; their pass rate is reported too")
    func continuousScores() throws {
        func run(_ id: Int64, shift: Double) -> SyntheticRun {
            var suite = SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<60).map {
                .init(id: "case-\($0)", values: [max(0, 20 + Double($0 % 7) * 5 - shift)])
            })
            suite.scorer = "bleu"
            suite.scale = ScoreScale(kind: .continuous, range: 0...100)
            suite.threshold = 30
            return SyntheticRun(id: id, suites: [suite])
        }
        let comparison = try RunComparison(run(1, shift: 0), run(2, shift: 10))
        let scorer = try #require(comparison.scorers.first)
        #expect(scorer.metric == .meanScore)
        #expect(scorer.test == .signFlip)
        #expect(abs(scorer.meanScore.difference + 0.10) < 1e-9, "10 BLEU points are 0.10 on 0…1")
        #expect(scorer.pValueForDrop < 0.001)
        #expect(scorer.verdict == .regression)
        #expect(scorer.passRate.candidate < scorer.passRate.baseline)
        #expect(scorer.largestDrops.count == 10, "the evidence: the cases whose score fell most")
        #expect(scorer.largestDrops.allSatisfy { abs($0.drop - 0.10) < 1e-9 || $0.candidate == 0 })
        let text = ComparisonReport(comparison: comparison).text()
        #expect(text.contains("largest bleu drops in qa / terse / local (0–1 scale):"))
        #expect(ComparisonReport(comparison: comparison).markdown().contains("<details><summary>Largest bleu drops in qa / terse / local</summary>"))
        // No change at all, but 60 cases cannot detect a 2-point drop (the sign-flip floor is 5 of 60 cases).
        let unchanged = try RunComparison(run(1, shift: 0), run(2, shift: 0))
        #expect(unchanged.scorers[0].verdict == .inconclusive)
        var lenient = ComparisonPolicy()
        lenient.margin = 0.1
        #expect(try RunComparison(run(1, shift: 0), run(2, shift: 0), policy: lenient).scorers[0].verdict == .noDrop)
    }

    @Test("with repeats, cases are compared by their pass fraction with a sign-flip test")
    func repeatsUsePassFractions() throws {
        func run(_ id: Int64, passing: Int) -> SyntheticRun {
            SyntheticRun(id: id, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<40).map { index in
                .init(id: "case-\(index)", values: (0..<3).map { $0 < (index < 20 ? passing : 3) ? 1 : 0 })
            })])
        }
        let comparison = try RunComparison(run(1, passing: 3), run(2, passing: 1))
        let scorer = try #require(comparison.scorers.first)
        #expect(scorer.test == .signFlip)
        #expect(abs(scorer.passRate.baseline - 1) < 1e-12)
        #expect(abs(scorer.passRate.candidate - (20 + 20.0 / 3) / 40) < 1e-12)
        #expect(scorer.regressed == 20)
        #expect(scorer.verdict == .regression)
    }

    @Test("the same data gives the same numbers; another seed gives other bootstrap intervals")
    func seededAndReproducible() throws {
        let passes = (0..<150).map { $0 % 3 != 0 }
        let after = (0..<150).map { $0 % 4 != 0 }
        let first = try RunComparison(SyntheticRun.passFail(id: 1, passes), SyntheticRun.passFail(id: 2, after))
        let second = try RunComparison(SyntheticRun.passFail(id: 1, passes), SyntheticRun.passFail(id: 2, after))
        #expect(first.scorers[0].passRate == second.scorers[0].passRate)
        #expect(first.scorers[0].pValueForDrop == second.scorers[0].pValueForDrop)
        var reseeded = ComparisonPolicy()
        reseeded.seed = 7
        let third = try RunComparison(SyntheticRun.passFail(id: 1, passes), SyntheticRun.passFail(id: 2, after), policy: reseeded)
        #expect(third.scorers[0].passRate.intervals != first.scorers[0].passRate.intervals)
        #expect(third.scorers[0].pValueForDrop == first.scorers[0].pValueForDrop, "McNemar is exact: no seed involved")
    }

    @Test("the detectable drop shrinks as the eval set grows")
    func detectableDropShrinksWithCases() throws {
        func mde(_ count: Int) throws -> Double {
            let before = (0..<count).map { $0 % 10 != 0 }, after = (0..<count).map { $0 % 10 != 1 }
            return try RunComparison(SyntheticRun.passFail(id: 1, before), SyntheticRun.passFail(id: 2, after)).scorers[0].minimumDetectableDrop
        }
        let small = try mde(50), large = try mde(2000)
        #expect(small > large * 3)
        #expect(large > 0 && small < 1)
    }

    @Test("a drop of exactly the margin is not larger than it")
    func dropEqualToMarginIsWithin() throws {
        var policy = ComparisonPolicy()
        policy.margin = 0.05
        let comparison = try RunComparison(SyntheticRun.passFail(id: 1, count: 100, failing: 0),
                                           SyntheticRun.passFail(id: 2, count: 100, failing: 5), policy: policy)
        #expect(comparison.scorers[0].pValueForDrop < 0.05)
        // Significant and not above the margin; but 100 cases detect only about 7 points with 80% power, so a true
        // drop above the 5-point margin is not ruled out: inconclusive, not a green light.
        #expect(comparison.scorers[0].verdict == .inconclusive)
        #expect(!comparison.hasRegression)
        policy.margin = 0.049
        #expect(try RunComparison(SyntheticRun.passFail(id: 1, count: 100, failing: 0),
                                  SyntheticRun.passFail(id: 2, count: 100, failing: 5), policy: policy).hasRegression)
    }

    @Test("the model the API reports is the one compared: a silent swap behind the same config is noted")
    func reportedModelChange() throws {
        var after = SyntheticRun.passFail(id: 2, count: 20, failing: 0)
        after.suites[0].answeringModel = "gpt-x-2026-11-24"
        let comparison = try RunComparison(SyntheticRun.passFail(id: 1, count: 20, failing: 0), after)
        #expect(comparison.notes.contains("qa / terse / local: model model → gpt-x-2026-11-24"))
    }

    @Test("an incomplete run is noted by compare and refused by the gate")
    func incompleteRuns() throws {
        let baseline = SyntheticRun.passFail(id: 1, count: 20, failing: 0).stored()
        var candidate = SyntheticRun.passFail(id: 2, count: 20, failing: 0).stored()
        candidate.summary.run.status = .interrupted
        let compared = try RunComparison(baseline: baseline.summary, baselineResults: baseline.results,
                                         candidate: candidate.summary, candidateResults: candidate.results)
        #expect(compared.notes.contains("the candidate run 2 is interrupted, not completed"))
        var gate = ComparisonPolicy()
        gate.requireCompletedRuns = true
        #expect(throws: ComparisonError.self) {
            try RunComparison(baseline: baseline.summary, baselineResults: baseline.results,
                              candidate: candidate.summary, candidateResults: candidate.results, policy: gate)
        }
    }

    @Test("the detectable drop does not shrink or grow with a real drop in the data")
    func detectableDropIgnoresTheDrop() throws {
        // 1,000 cases, 20 flip each way as noise; the candidate then loses 100 more.
        let before = (0..<1000).map { $0 % 50 != 0 }
        let noise = (0..<1000).map { $0 % 50 != 1 }
        var dropped = noise
        for index in stride(from: 2, to: 1000, by: 10) { dropped[index] = false }
        let quiet = try RunComparison(SyntheticRun.passFail(id: 1, before), SyntheticRun.passFail(id: 2, noise)).scorers[0]
        let worse = try RunComparison(SyntheticRun.passFail(id: 1, before), SyntheticRun.passFail(id: 2, dropped)).scorers[0]
        #expect(worse.verdict == .regression)
        #expect(abs(quiet.minimumDetectableDrop - worse.minimumDetectableDrop) < 1e-12)
    }
}
