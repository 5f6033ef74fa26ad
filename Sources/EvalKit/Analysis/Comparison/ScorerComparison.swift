/// One scorer of one eval set × prompt × backend, compared between a baseline and a candidate run.
public struct ScorerComparison: Sendable {
    /// What the gate tests: pass rate for pass/fail scorers, mean score on 0…1 for continuous ones (BLEU, a judge).
    public enum Metric: String, Sendable {
        case passRate = "pass_rate"
        case meanScore = "mean_score"
    }

    public enum Test: String, Sendable {
        /// Exact McNemar test on the discordant pairs: every case has one pass/fail outcome per run.
        case mcNemar = "mcnemar_exact"
        /// Paired sign-flip permutation test on per-case differences: continuous scores, or pass rates over repeats.
        case signFlip = "sign_flip_permutation"
    }

    public enum Verdict: String, Sendable {
        /// Significant after Holm and larger than the margin: the gate fails.
        case regression
        /// Significant, but no larger than the margin.
        case withinMargin = "within_margin"
        /// A drop the test cannot tell from noise.
        case notSignificant = "not_significant"
        /// No drop.
        case noDrop = "no_drop"
        /// Not a regression, but the eval set cannot detect a drop of the margin or of the drop observed (its
        /// minimum detectable drop is larger than both): no evidence either way, never a green light.
        case inconclusive
    }

    public let suite: SuiteKey
    public let scorer: String
    public let scale: ScoreScale
    /// Paired cases.
    public let cases: Int
    public let passRate: PairedFigure
    public let meanScore: PairedFigure
    /// Cases this scorer passed in the baseline and fails in the candidate (by majority over repeats), and back.
    public let regressed: Int
    public let improved: Int
    public let test: Test
    /// One-sided p-value for "the candidate is worse", before correction.
    public let pValueForDrop: Double
    /// Per-case differences of the tested metric (candidate − baseline), kept for the detectable-drop figure.
    let differences: [Double]
    /// For continuous scorers, the cases whose score fell most (at most 10), worst first: the evidence behind a
    /// drop in mean score, which flipped pass/fail cases do not show.
    public let largestDrops: [ScoreChange]
    /// Holm-adjusted across every comparison of the two runs.
    public internal(set) var adjustedPValue: Double
    /// The smallest drop the test detects with the policy's power at alpha / (number of comparisons).
    public internal(set) var minimumDetectableDrop: Double
    /// For an inconclusive comparison, the paired cases at which the minimum detectable drop (same test, same alpha,
    /// same share of flips per case) would reach the larger of the margin and the drop observed; nil when that is
    /// more than `MinimumDetectableDrop.casesNeededLimit`, or for any other verdict.
    public internal(set) var casesNeeded: Int?
    /// The drop the eval set must be able to detect for "no regression" to mean something: the larger of the margin
    /// and the drop observed.
    public internal(set) var requiredDrop: Double
    public internal(set) var verdict: Verdict

    public var metric: Metric { scale.kind == .passFail ? .passRate : .meanScore }
    /// The figure the gate tests.
    public var tested: PairedFigure { metric == .passRate ? passRate : meanScore }
    public var drop: Double { -tested.difference }
}

extension ScorerComparison {
    /// Compares `scorer` over the pairs that have its score on both sides; nil when there are none.
    init?(suite: SuiteKey, scorer: String, scale: ScoreScale, pairs: [CasePair], policy: ComparisonPolicy) {
        var basePass: [Double] = [], candidatePass: [Double] = [], baseMean: [Double] = [], candidateMean: [Double] = []
        var changes: [ScoreChange] = []
        for pair in pairs {
            guard let before = pair.baseline.passFraction(scorer: scorer), let after = pair.candidate.passFraction(scorer: scorer),
                  let beforeMean = pair.baseline.meanScore(scorer: scorer, scale: scale),
                  let afterMean = pair.candidate.meanScore(scorer: scorer, scale: scale) else { continue }
            basePass.append(before)
            candidatePass.append(after)
            baseMean.append(beforeMean)
            candidateMean.append(afterMean)
            if scale.kind == .continuous, afterMean < beforeMean {
                changes.append(ScoreChange(caseID: pair.caseID, baseline: beforeMean, candidate: afterMean,
                                           baselineOutput: pair.baseline.output, candidateOutput: pair.candidate.output))
            }
        }
        largestDrops = Array(changes.sorted { ($0.drop, $1.caseID) > ($1.drop, $0.caseID) }.prefix(10))
        guard !basePass.isEmpty else { return nil }
        let label = "\(suite.evalset)\u{1F}\(suite.promptID)\u{1F}\(suite.backend)\u{1F}\(scorer)"
        self.suite = suite
        self.scorer = scorer
        self.scale = scale
        cases = basePass.count
        // One seed for both figures: the same resampled cases, so a pass/fail scorer's two figures agree exactly.
        let bootstrapSeed = SeededRandom.seed(policy.seed, label: label + "\u{1F}bootstrap")
        passRate = PairedFigure(baseline: basePass, candidate: candidatePass, resamples: policy.bootstrapResamples, seed: bootstrapSeed)
        meanScore = PairedFigure(baseline: baseMean, candidate: candidateMean, resamples: policy.bootstrapResamples, seed: bootstrapSeed)
        regressed = zip(basePass, candidatePass).count { $0 >= 0.5 && $1 < 0.5 }
        improved = zip(basePass, candidatePass).count { $0 < 0.5 && $1 >= 0.5 }
        let testsPassRate = scale.kind == .passFail
        let before = testsPassRate ? basePass : baseMean, after = testsPassRate ? candidatePass : candidateMean
        differences = zip(after, before).map { $0 - $1 }
        let binaryOutcomes = testsPassRate && (before + after).allSatisfy { $0 == 0 || $0 == 1 }
        if binaryOutcomes {
            test = .mcNemar
            // With one outcome per case and run, the discordant pairs are exactly the regressed and improved cases.
            pValueForDrop = McNemarTest.pValueForDrop(regressed: regressed, improved: improved)
        } else {
            test = .signFlip
            pValueForDrop = SignFlipTest.pValueForDrop(
                differences: differences, resamples: policy.permutationResamples,
                seed: SeededRandom.seed(policy.seed, label: label + "\u{1F}test"))
        }
        adjustedPValue = pValueForDrop
        minimumDetectableDrop = 1
        casesNeeded = nil
        requiredDrop = policy.margin
        verdict = .noDrop
    }

    /// Applies the gate's rule once the adjusted p-value is known.
    mutating func decide(adjustedPValue: Double, comparisons: Int, policy: ComparisonPolicy) {
        self.adjustedPValue = adjustedPValue
        let alpha = policy.alpha / Double(max(1, comparisons))
        let detectable = detectableDrop(atCases: cases, alpha: alpha, power: policy.power)
        minimumDetectableDrop = min(1, detectable)
        let significant = adjustedPValue < policy.alpha
        // Differences of sums of doubles: 5 of 100 cases must be a drop of exactly the 0.05 margin, not 0.050000000000000044.
        let tolerance = 1e-9
        verdict = if drop <= tolerance { .noDrop }
            else if !significant { .notSignificant }
            else if drop > policy.margin + tolerance { .regression }
            else { .withinMargin }
        // The uncapped figure: above 1 when no drop on 0…1 is detectable, so a 4-case collapse (a 100-point drop it
        // cannot confirm) is inconclusive too.
        requiredDrop = max(policy.margin, drop)
        if verdict != .regression, detectable > requiredDrop + tolerance {
            verdict = .inconclusive
            casesNeeded = MinimumDetectableDrop.casesNeeded(toDetect: requiredDrop + tolerance, from: cases) {
                detectableDrop(atCases: $0, alpha: alpha, power: policy.power)
            }
        } else {
            casesNeeded = nil
        }
    }

    /// The minimum detectable drop, uncapped, on an eval set of `size` paired cases like this one: the same share of
    /// flips per case (McNemar) or the same spread of differences (sign-flip).
    func detectableDrop(atCases size: Int, alpha: Double, power: Double) -> Double {
        switch test {
        case .mcNemar:
            MinimumDetectableDrop.uncappedForMcNemar(
                noiseShare: MinimumDetectableDrop.mcNemarNoiseShare(improved: improved, cases: cases, at: size),
                cases: size, alpha: alpha, power: power)
        case .signFlip:
            MinimumDetectableDrop.uncappedDrop(
                standardDeviation: MinimumDetectableDrop.sampleStandardDeviation(differences), cases: size,
                alpha: alpha, power: power, binary: false)
        }
    }
}

/// One case's score in both runs, on 0…1, with both outputs.
public struct ScoreChange: Sendable {
    public let caseID: String
    public let baseline: Double
    public let candidate: Double
    public let baselineOutput: String?
    public let candidateOutput: String?

    public var drop: Double { baseline - candidate }
}
