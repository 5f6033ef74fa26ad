import Foundation

/// A stored run built in memory from per-case scores, without a database or a model: the gate simulation's input,
/// and test data for comparisons.
///
/// ```swift
/// let suite = SyntheticRun.Suite(key: SuiteKey(evalset: "qa", promptID: "p", backend: "b"),
///                                cases: [.init(id: "c1", values: [1]), .init(id: "c2", values: [0])])
/// let (summary, results) = SyntheticRun(id: 1, suites: [suite]).stored()
/// ```
public struct SyntheticRun: Sendable {
    public struct Case: Sendable {
        public var id: String
        /// The case's content hash; the same id with another hash is a changed case.
        public var hash: String
        /// The scorer's value for each repeat; `nil` is a repeat that ended in an error.
        public var values: [Double?]
        public var output: String?

        public init(id: String, hash: String? = nil, values: [Double?], output: String? = nil) {
            self.id = id
            self.hash = hash ?? "hash-\(id)"
            self.values = values
            self.output = output
        }
    }

    public struct Suite: Sendable {
        public var key: SuiteKey
        public var version = "1"
        public var evalsetHash = "evalset-hash"
        public var promptHash = "prompt-hash"
        public var model = "model"
        /// The model id the backend reports in its answers (default: `model`).
        public var answeringModel: String?
        public var scorer = "exact"
        public var scale = ScoreScale.passFail
        public var threshold = 1.0
        public var cases: [Case]

        public init(key: SuiteKey, cases: [Case]) {
            self.key = key
            self.cases = cases
        }
    }

    public var id: Int64
    public var suites: [Suite]

    public init(id: Int64, suites: [Suite]) {
        self.id = id
        self.suites = suites
    }

    /// The summary, results and scorer scales a store would return for this run.
    public func stored() -> (summary: RunSummary, results: [StoredResult], scales: [Int64: [String: ScoreScale]]) {
        let date = Date(timeIntervalSince1970: 1_800_000_000 + Double(id) * 3600)
        let run = Stored(id: id, RunRecord(startedAt: date, finishedAt: date, status: .completed, gitCommit: nil, evalctlVersion: "synthetic",
                            configHash: "config", tag: nil, hostname: "synthetic", command: "synthetic"))
        var summaries: [SuiteSummary] = [], results: [StoredResult] = [], scales: [Int64: [String: ScoreScale]] = [:]
        var resultID = id * 1_000_000
        for (index, suite) in suites.enumerated() {
            let suiteID = id * 1000 + Int64(index)
            let repeats = suite.cases.map(\.values.count).max() ?? 1
            let record = Stored(id: suiteID, SuiteRecord(
                runID: id, evalset: suite.key.evalset, evalsetVersion: suite.version, evalsetHash: suite.evalsetHash,
                promptID: suite.key.promptID, promptHash: suite.promptHash, backend: suite.key.backend, model: suite.model,
                minPassRate: 0, caseCount: suite.cases.count, repeats: repeats))
            scales[suiteID] = [suite.scorer: suite.scale]
            var counts = (passed: 0, failed: 0, errored: 0)
            for evalCase in suite.cases {
                for (repeatIndex, value) in evalCase.values.enumerated() {
                    resultID += 1
                    let status: ResultStatus = value.map { $0 >= suite.threshold ? .passed : .failed } ?? .error
                    switch status {
                    case .passed: counts.passed += 1
                    case .failed: counts.failed += 1
                    case .error: counts.errored += 1
                    case .skipped: break
                    }
                    let result = Stored(id: resultID, ResultRecord(
                        runID: id, suiteID: suiteID, evalset: suite.key.evalset, evalsetVersion: suite.version,
                        evalsetHash: suite.evalsetHash, caseID: evalCase.id, caseHash: evalCase.hash, promptID: suite.key.promptID,
                        promptHash: suite.promptHash, backend: suite.key.backend, model: suite.answeringModel ?? suite.model, repeatIndex: repeatIndex,
                        request: "{}", output: value == nil ? nil : evalCase.output ?? "output of \(evalCase.id)",
                        status: status, error: value == nil ? "HTTP 503: unavailable" : nil, errorKind: value == nil ? .backend : nil, latencyMs: nil, ttftMs: nil,
                        promptTokens: nil, completionTokens: nil, attempts: 1, finishReason: nil, systemFingerprint: nil, completedAt: date))
                    let scores = value.map { [ScoreRecord(resultID: resultID, scorer: suite.scorer, value: $0, threshold: suite.threshold,
                                                          passed: $0 >= suite.threshold, reason: $0 >= suite.threshold ? "passed" : "below threshold")] } ?? []
                    results.append(StoredResult(result: result, scores: scores))
                }
            }
            summaries.append(SuiteSummary(suite: record, total: counts.passed + counts.failed + counts.errored,
                                          passed: counts.passed, failed: counts.failed, errored: counts.errored))
        }
        return (RunSummary(run: run, suites: summaries), results, scales)
    }
}
