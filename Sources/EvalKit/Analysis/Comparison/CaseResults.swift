/// One case's results in one run with its repeats folded together. Repeats that ended in an error are left out:
/// errors are infrastructure (the run's exit code 3 reports them), not a verdict on the output.
public struct CaseResults: Sendable {
    public let caseID: String
    public let caseHash: String
    /// The repeats that did not end in an error, in repeat order.
    public let results: [StoredResult]
    public let erroredRepeats: Int

    init(caseID: String, repeats: [StoredResult]) {
        self.caseID = caseID
        let ordered = repeats.sorted { $0.result.repeatIndex < $1.result.repeatIndex }
        caseHash = ordered.first?.result.caseHash ?? ""
        results = ordered.filter { $0.result.status != .error }
        erroredRepeats = ordered.count - results.count
    }

    /// Every repeat errored: nothing to compare.
    public var isErrored: Bool { results.isEmpty }

    /// The share of repeats that passed every scorer.
    public var passFraction: Double {
        guard !results.isEmpty else { return 0 }
        return Double(results.count { $0.result.status == .passed }) / Double(results.count)
    }

    /// The case passes when at least half its repeats pass (with one repeat: when it passed).
    public var passes: Bool { !results.isEmpty && passFraction >= 0.5 }

    /// The share of repeats `scorer` passed; nil when no repeat has its score.
    public func passFraction(scorer: String) -> Double? {
        let scores = results.compactMap { $0.scores.first { $0.scorer == scorer } }
        guard !scores.isEmpty else { return nil }
        return Double(scores.count(where: \.passed)) / Double(scores.count)
    }

    /// The mean of `scorer`'s values over the repeats, on 0…1; nil when no repeat has its score.
    public func meanScore(scorer: String, scale: ScoreScale) -> Double? {
        let values = results.compactMap { $0.scores.first { $0.scorer == scorer }.map { scale.normalized($0.value) } }
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The output shown for the case: the first repeat's.
    public var output: String? { results.first?.result.output }

    /// Why the case failed, from the first failing repeat: `scorer: reason` for each failing scorer.
    public var failureReasons: [String] {
        guard let failing = results.first(where: { $0.result.status != .passed }) else { return [] }
        return failing.scores.filter { !$0.passed }.map { "\($0.scorer): \($0.reason)" }
    }
}
