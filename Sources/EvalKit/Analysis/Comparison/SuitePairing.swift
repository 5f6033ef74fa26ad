/// The results of one eval set × prompt × backend in two runs, paired case by case.
///
/// Only cases whose content hash is the same on both sides are paired: a case whose input or expected answer
/// changed measures something else, and comparing it would blame the model for a data change.
public struct SuitePairing: Sendable {
    public let key: SuiteKey
    public let baseline: Stored<SuiteRecord>
    public let candidate: Stored<SuiteRecord>
    /// In case id order.
    public let pairs: [CasePair]
    /// Case ids with results only in the candidate (added to the eval set, or missing from an incomplete baseline).
    public let onlyInCandidate: [String]
    /// Case ids with results only in the baseline (removed, or missing from an incomplete candidate).
    public let onlyInBaseline: [String]
    /// Case ids whose content hash differs between the runs.
    public let changed: [String]
    /// Case ids left out because every repeat ended in an error on one side.
    public let errored: [String]

    /// Pairs the results of one suite of each run.
    init(baseline: Stored<SuiteRecord>, baselineResults: [StoredResult], candidate: Stored<SuiteRecord>, candidateResults: [StoredResult]) {
        key = SuiteKey(candidate)
        self.baseline = baseline
        self.candidate = candidate
        let before = Self.fold(baselineResults), after = Self.fold(candidateResults)
        var pairs: [CasePair] = [], changed: [String] = [], errored: [String] = []
        for caseID in Set(before.keys).intersection(after.keys).sorted() {
            let old = before[caseID]!, new = after[caseID]!
            if old.caseHash != new.caseHash {
                changed.append(caseID)
            } else if old.isErrored || new.isErrored {
                errored.append(caseID)
            } else {
                pairs.append(CasePair(caseID: caseID, baseline: old, candidate: new))
            }
        }
        self.pairs = pairs
        self.changed = changed
        self.errored = errored
        onlyInCandidate = Set(after.keys).subtracting(before.keys).sorted()
        onlyInBaseline = Set(before.keys).subtracting(after.keys).sorted()
    }

    /// The eval set's content is the same in both runs: cases only on one side are missing, not added or removed.
    public var sameEvalSetContent: Bool { baseline.evalsetHash == candidate.evalsetHash }

    private static func fold(_ results: [StoredResult]) -> [String: CaseResults] {
        Dictionary(grouping: results, by: \.result.caseID).mapValues { CaseResults(caseID: $0[0].result.caseID, repeats: $0) }
    }
}
