import Foundation

/// How far a run's LLM judges agree with people, per judge scorer: the judge's verdict on a labelled result is its
/// pass/fail against the scorer's threshold (as stored), the people's is the majority of the reviewers' current labels
/// (a tie leaves the result out, and is counted).
///
/// ```swift
/// let calibration = try await JudgeCalibration.load(store: store, runID: 42)
/// for judge in calibration.judges where !judge.warnings.isEmpty { print(judge.scorer, judge.warnings) }
/// ```
public struct JudgeCalibration: Sendable {
    /// Fewer labels than this, or a κ below `minimumKappa`, and the judge's scores should not be trusted yet.
    public static let minimumLabels = 30
    public static let minimumKappa = 0.6

    public struct Judge: Sendable {
        public let suite: SuiteKey
        public let scorer: String
        /// Results the judge scored in the run (errors excluded), and how many it passed.
        public let scored: Int
        public let judgePassed: Int
        public let table: AgreementTable
        /// Labelled results left out because their reviewers split evenly.
        public let ties: Int

        public var labels: Int { table.count }
        public var judgePassRate: Double? { scored == 0 ? nil : Double(judgePassed) / Double(scored) }
        public var correctedPassRate: Double? { judgePassRate.flatMap { table.correctedPassRate(judgePassRate: $0) } }

        /// Why the judge's scores should not be trusted yet; empty when κ ≥ 0.6 on at least 30 labels.
        public var warnings: [String] {
            var warnings: [String] = []
            if labels < JudgeCalibration.minimumLabels {
                warnings.append("only \(labels) labelled result\(labels == 1 ? "" : "s") (at least \(JudgeCalibration.minimumLabels) needed to trust the figures)")
            }
            if let kappa = table.kappa, kappa < JudgeCalibration.minimumKappa {
                warnings.append(String(format: "κ %.2f is below %.1f: the judge and people disagree beyond chance too often", kappa, JudgeCalibration.minimumKappa))
            } else if table.kappa == nil, labels > 0 {
                warnings.append("κ is undefined: every verdict on one side is the same")
            }
            if labels > 0, correctedPassRate == nil, judgePassRate != nil {
                warnings.append("sensitivity + specificity ≤ 1 (or one is unknown): the pass rate cannot be corrected")
            }
            return warnings
        }
    }

    public let runID: Int64
    public let judges: [Judge]

    public init(runID: Int64, judges: [Judge]) {
        self.runID = runID
        self.judges = judges
    }

    /// Whether a stored score is a judge's: the judge scorer keeps its rubric hash with every score.
    static func isJudgeScore(_ score: ScoreRecord) -> Bool {
        score.details?.contains("\"rubric_hash\"") == true
    }

    /// Pairs the run's judge scores with people's labels on the same results.
    public static func compute(runID: Int64, results: [StoredResult], labels: [ReviewLabel]) -> JudgeCalibration {
        let byResult = Dictionary(grouping: labels, by: \.resultID)
        struct Key: Hashable { let suite: SuiteKey; let scorer: String }
        var scored: [Key: (count: Int, passed: Int, pairs: [(judge: Bool, human: Bool)], ties: Int)] = [:]
        for stored in results where stored.result.status != .error {
            let result = stored.result
            let suite = SuiteKey(evalset: result.evalset, promptID: result.promptID, backend: result.backend)
            for score in stored.scores where isJudgeScore(score) {
                let key = Key(suite: suite, scorer: score.scorer)
                var entry = scored[key] ?? (0, 0, [], 0)
                entry.count += 1
                if score.passed { entry.passed += 1 }
                if let people = byResult[result.id], !people.isEmpty {
                    let passes = people.count { $0.label == .pass }, fails = people.count - passes
                    if passes == fails { entry.ties += 1 } else { entry.pairs.append((judge: score.passed, human: passes > fails)) }
                }
                scored[key] = entry
            }
        }
        let judges = scored.keys.sorted { ($0.suite, $0.scorer) < ($1.suite, $1.scorer) }.map { key in
            let entry = scored[key]!
            return Judge(suite: key.suite, scorer: key.scorer, scored: entry.count, judgePassed: entry.passed,
                         table: AgreementTable(pairs: entry.pairs), ties: entry.ties)
        }
        return JudgeCalibration(runID: runID, judges: judges)
    }

    /// Reads the run's results and labels from the store and computes the calibration.
    public static func load(store: any ResultStore, runID: Int64) async throws -> JudgeCalibration {
        compute(runID: runID, results: try await store.results(ofRun: runID), labels: try await store.reviewLabels(ofRun: runID))
    }
}
