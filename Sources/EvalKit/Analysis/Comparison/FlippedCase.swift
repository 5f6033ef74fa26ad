/// A case that passed in one run and fails in the other (by majority over repeats), with both outputs.
public struct FlippedCase: Sendable {
    public enum Direction: String, Sendable {
        /// Passed in the baseline, fails in the candidate.
        case regressed
        /// Failed in the baseline, passes in the candidate.
        case improved
    }

    public let suite: SuiteKey
    public let caseID: String
    public let direction: Direction
    public let baselineOutput: String?
    public let candidateOutput: String?
    /// `scorer: reason` for each scorer that failed on the failing side.
    public let reasons: [String]

    init?(suite: SuiteKey, pair: CasePair) {
        let before = pair.baseline.passes, after = pair.candidate.passes
        guard before != after else { return nil }
        self.suite = suite
        caseID = pair.caseID
        direction = before ? .regressed : .improved
        baselineOutput = pair.baseline.output
        candidateOutput = pair.candidate.output
        reasons = before ? pair.candidate.failureReasons : pair.baseline.failureReasons
    }
}
